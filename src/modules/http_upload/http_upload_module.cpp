// SPDX-License-Identifier: Apache-2.0
#include "modules/http_upload/http_upload_module.hpp"

#include <charconv>
#include <stdexcept>

#include "core/ns.hpp"
#include "observability/log.hpp"
#include "upload/s3_presign.hpp"
#include "upload/upload_files.hpp"

namespace meerkat::modules::http_upload {

namespace asio = boost::asio;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_http_upload");
  return logger;
}

constexpr std::string_view kUpload = "urn:xmpp:http:upload:0";  // XEP-0363

std::string service_domain(const std::string& pattern, const std::string& host) {
  auto domain = pattern;
  if (auto at = domain.find("@HOST@"); at != std::string::npos) domain.replace(at, 6, host);
  return domain;
}

Error too_large(std::uint64_t max) {
  Error error{ErrorType::kModify, Condition::kNotAcceptable,
              "the file is larger than " + std::to_string(max) + " bytes"};
  error.app_condition = "file-too-large";
  error.app_namespace = std::string(kUpload);
  error.app_children.emplace_back("max-file-size", std::to_string(max));
  return error;
}

Result<upload::SlotRequest> parse_request(const xml::Element& request) {
  if (request.name() != "request") return Error::bad_request("expected <request/>");
  upload::SlotRequest parsed;
  parsed.filename = std::string(request.attr_or("filename", ""));
  parsed.content_type = std::string(request.attr_or("content-type", ""));
  auto size = request.attr_or("size", "");
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), parsed.size);
  if (parsed.filename.empty()) return Error::bad_request("the request needs a filename");
  if (ec != std::errc() || end != size.data() + size.size() || size.empty()) {
    return Error::bad_request("the request needs a size in bytes");
  }
  // A name is one path segment; control characters make no sense in it.
  for (unsigned char c : parsed.filename) {
    if (c < 0x20 || c == 0x7f) return Error::bad_request("the filename has control characters");
  }
  return parsed;
}

xml::Element field(std::string var, std::string value, const char* type = nullptr) {
  xml::Element f("field", std::string(ns::kDataForms));
  f.add_attr_unchecked("var", std::move(var));
  if (type) f.add_attr_unchecked("type", type);
  f.append(xml::Element("value", std::string(ns::kDataForms))).append_text(value);
  return f;
}

}  // namespace

HttpUploadModule::HttpUploadModule(ModuleContext& context,
                                   config::modules::HttpUploadOptions options)
    : router_(context.router), options_(std::move(options)) {
  if (options_.backend == "local") {
    auto directory = upload::upload_directory(options_.local->directory, context.data_dir);
    auto key = upload::UploadFiles::load_or_create_key(directory);
    if (!key) {
      throw std::runtime_error("modules.mod_http_upload.local.directory: " + key.error().text);
    }
    local_.emplace(std::move(*key), options_.local->base_url, options_.expiration_time,
                   static_cast<std::size_t>(options_.token_bytes));
  }
  auto make_service = [this](std::string host) {
    hooks::Service service;
    service.host = std::move(host);
    service.iq.add(hooks::IqScope::kService, std::string(kUpload),
                   [this](hooks::IqRequest& r) { return request_slot(r); });
    service.iq.add(hooks::IqScope::kService, std::string(ns::kDiscoInfo),
                   [this](hooks::IqRequest& r) { return service_info(r); });
    service.iq.add(hooks::IqScope::kService, std::string(ns::kDiscoItems),
                   [this](hooks::IqRequest& r) { return service_items(r); });
    return service;
  };
  for (const auto& host : context.router.hosts()) {
    context.hooks.services.emplace(service_domain(options_.host, host), make_service(host));
  }
  // Domains added later (dynamic domains) get theirs through a template.
  if (auto at = options_.host.find("@HOST@"); at != std::string::npos) {
    context.hooks.service_templates.push_back(
        {options_.host.substr(0, at), options_.host.substr(at + 6), make_service({})});
  }
}

Result<upload::Slot> HttpUploadModule::make_slot(const upload::SlotRequest& request) const {
  auto now = upload::Clock::now();
  if (local_) return local_->make(request, now);
  auto slot = upload::make_s3_slot(*options_.s3, request, now, options_.expiration_time,
                                   static_cast<std::size_t>(options_.token_bytes));
  if (!slot) return Error::internal("the S3 bucket URL cannot be used");
  return *slot;
}

asio::awaitable<hooks::IqReply> HttpUploadModule::request_slot(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error::bad_request("a slot request is a get");
  // XEP-0363 is for the server's own users (not for strangers' files).
  if (!request.from.has_node() || !router_.is_local_host(request.from.domain())) {
    co_return Error{ErrorType::kCancel, Condition::kNotAllowed, "only local users may upload"};
  }
  auto parsed = parse_request(request.payload());
  if (!parsed) co_return parsed.error();
  if (options_.max_file_size && parsed->size > *options_.max_file_size) {
    co_return too_large(*options_.max_file_size);
  }
  auto slot = make_slot(*parsed);
  if (!slot) {
    log()->warn("upload_slot_failed jid={} error=\"{}\"", request.from.to_string(),
                slot.error().text);
    co_return slot.error();
  }
  log()->debug("upload_slot jid={} size={}", request.from.to_string(), parsed->size);
  xml::Element result("slot", std::string(kUpload));
  auto& put = result.append(xml::Element("put", std::string(kUpload)));
  put.add_attr_unchecked("url", slot->put_url);
  for (auto& [name, value] : slot->put_headers) {
    auto& header = put.append(xml::Element("header", std::string(kUpload)));
    header.add_attr_unchecked("name", name);
    header.append_text(value);
  }
  result.append(xml::Element("get", std::string(kUpload))).add_attr_unchecked("url", slot->get_url);
  co_return std::optional<xml::Element>(std::move(result));
}

asio::awaitable<hooks::IqReply> HttpUploadModule::service_info(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  if (request.payload().attr("node")) {
    co_return Error{ErrorType::kCancel, Condition::kItemNotFound, {}};
  }
  xml::Element query("query", std::string(ns::kDiscoInfo));
  auto& identity = query.append(xml::Element("identity", std::string(ns::kDiscoInfo)));
  identity.add_attr_unchecked("category", "store");
  identity.add_attr_unchecked("type", "file");
  identity.add_attr_unchecked("name", "HTTP File Upload");
  for (auto feature : {ns::kDiscoInfo, ns::kDiscoItems, kUpload}) {
    query.append(xml::Element("feature", std::string(ns::kDiscoInfo)))
        .add_attr_unchecked("var", std::string(feature));
  }
  if (options_.max_file_size) {
    // XEP-0363 §3: the limit, in a XEP-0128 form.
    auto& form = query.append(xml::Element("x", std::string(ns::kDataForms)));
    form.add_attr_unchecked("type", "result");
    form.append(field("FORM_TYPE", std::string(kUpload), "hidden"));
    form.append(field("max-file-size", std::to_string(*options_.max_file_size)));
  }
  co_return std::optional<xml::Element>(std::move(query));
}

asio::awaitable<hooks::IqReply> HttpUploadModule::service_items(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  co_return std::optional<xml::Element>(xml::Element("query", std::string(ns::kDiscoItems)));
}

}  // namespace meerkat::modules::http_upload
