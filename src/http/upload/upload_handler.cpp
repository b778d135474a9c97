// SPDX-License-Identifier: Apache-2.0
#include "http/upload/upload_handler.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "observability/log.hpp"

namespace meerkat::http::upload_files {

namespace asio = boost::asio;
using Field = beast_http::field;
using Verb = beast_http::verb;

namespace {

const auto& log() {
  static const auto logger = observability::logger("http_upload");
  return logger;
}

// Web clients (Converse.js) upload with XMLHttpRequest from another origin.
void allow_cross_origin(Response& response) {
  response.set(Field::access_control_allow_origin, "*");
  response.set(Field::access_control_allow_methods, "GET, HEAD, PUT, OPTIONS");
  response.set(Field::access_control_allow_headers, "Content-Type");
  response.set(Field::access_control_max_age, "86400");
}

Response text(const Request& request, Status status, std::string body) {
  auto response = make_response(request, status, std::move(body) + "\n");
  allow_cross_origin(response);
  return response;
}

}  // namespace

UploadHandler::UploadHandler(std::string path, upload::LocalSlots slots, upload::UploadFiles files,
                             std::size_t max_body)
    : prefix_(std::move(path)),
      slots_(std::move(slots)),
      files_(std::move(files)),
      max_body_(max_body) {
  if (prefix_.empty() || prefix_.back() != '/') prefix_ += '/';
}

asio::awaitable<std::optional<Response>> UploadHandler::handle(Request& request, Exchange&) {
  std::string_view target(request.target().data(), request.target().size());
  if (target.substr(0, prefix_.size()) != prefix_) {
    co_return text(request, Status::not_found, "no such file");
  }
  target.remove_prefix(prefix_.size());
  switch (request.method()) {
    case Verb::put: co_return co_await put(request, target);
    case Verb::get:
    case Verb::head: co_return co_await get(request, target.substr(0, target.find('?')));
    case Verb::options: {
      auto response = make_response(request, Status::no_content);
      allow_cross_origin(response);
      co_return response;
    }
    default: {
      auto response = text(request, Status::method_not_allowed, "use PUT to upload, GET to fetch");
      response.set(Field::allow, "GET, HEAD, PUT, OPTIONS");
      co_return response;
    }
  }
}

asio::awaitable<Response> UploadHandler::put(const Request& request, std::string_view target) {
  std::string_view content_type(request[Field::content_type].data(),
                                request[Field::content_type].size());
  auto checked =
      slots_.check_put(target, content_type, request.body().size(), upload::Clock::now());
  if (!checked) {
    log()->debug("upload_refused status={} reason=\"{}\"", checked.error().status,
                 checked.error().reason);
    co_return text(request, static_cast<Status>(checked.error().status), checked.error().reason);
  }
  auto work = [this, upload = *checked, &body = request.body()]() -> asio::awaitable<Result<bool>> {
    co_return files_.store(upload.token, upload.filename, upload.content_type, body);
  };
  auto stored = co_await asio::co_spawn(disk_.get_executor(), std::move(work), asio::use_awaitable);
  if (!stored) {
    log()->warn("upload_store_failed error=\"{}\"", stored.error().text);
    co_return text(request, Status::internal_server_error, "the file could not be stored");
  }
  if (!*stored) co_return text(request, Status::conflict, "this slot has been used");
  log()->debug("upload_stored token={} size={}", checked->token, checked->size);
  co_return text(request, Status::created, "stored");
}

asio::awaitable<Response> UploadHandler::get(const Request& request, std::string_view path) {
  auto file = upload::split_file_path(path);
  if (!file) co_return text(request, Status::not_found, "no such file");
  auto work = [this, token = file->first,
               name = file->second]() -> asio::awaitable<std::optional<upload::StoredFile>> {
    co_return files_.find(token, name);
  };
  auto found = co_await asio::co_spawn(disk_.get_executor(), std::move(work), asio::use_awaitable);
  if (!found) co_return text(request, Status::not_found, "no such file");
  auto type =
      found->content_type.empty() ? std::string("application/octet-stream") : found->content_type;
  auto response = make_response(request, Status::ok, std::move(found->bytes), type);
  allow_cross_origin(response);
  // Uploads never change, and are never run as a page of this origin.
  response.set(Field::cache_control, "public, max-age=31536000, immutable");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy", "default-src 'none'; sandbox");
  co_return response;  // for HEAD the connection sends the headers only
}

}  // namespace meerkat::http::upload_files
