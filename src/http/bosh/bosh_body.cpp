// SPDX-License-Identifier: Apache-2.0
#include "http/bosh/bosh_body.hpp"

#include <charconv>

#include "core/ns.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::http::bosh {

namespace {

std::optional<std::uint64_t> number(std::optional<std::string_view> text) {
  if (!text || text->empty()) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// An attribute in the urn:xmpp:xbosh namespace, whatever prefix the client bound it to.
std::optional<std::string_view> xbosh_attr(const xml::Element& body, std::string_view local) {
  for (const auto& attribute : body.attrs()) {
    auto colon = attribute.name.find(':');
    if (colon == std::string::npos || std::string_view(attribute.name).substr(colon + 1) != local) {
      continue;
    }
    auto prefix = std::string_view(attribute.name).substr(0, colon);
    if (body.attr_or("xmlns:" + std::string(prefix), "") == kXbosh) return attribute.value;
  }
  return std::nullopt;
}

Result<std::optional<std::uint64_t>> optional_number(const xml::Element& body,
                                                     std::string_view name) {
  auto text = body.attr(name);
  if (!text) return std::optional<std::uint64_t>{};
  auto value = number(text);
  if (!value) return Error::bad_request("'" + std::string(name) + "' must be a number");
  return value;
}

}  // namespace

Result<ClientBody> parse_client_body(std::string_view text) {
  auto parsed = xml::parse_element(text, kHttpBind);
  if (!parsed) return parsed.error();
  auto& body = *parsed;
  if (body.name() != "body" || body.xmlns() != kHttpBind) {
    return Error::bad_request("the request must be a <body/> in " + std::string(kHttpBind));
  }
  ClientBody request;
  auto rid = number(body.attr("rid"));
  if (!rid) return Error::bad_request("'rid' is missing or not a number");
  request.rid = *rid;
  if (auto sid = body.attr("sid")) request.sid = std::string(*sid);
  request.to = std::string(body.attr_or("to", ""));
  if (auto lang = body.attr("xml:lang")) request.lang = std::string(*lang);
  for (auto [name, field] : {std::pair{"wait", &ClientBody::wait}, std::pair{"hold", &ClientBody::hold},
                             std::pair{"ack", &ClientBody::ack}, std::pair{"pause", &ClientBody::pause}}) {
    auto value = optional_number(body, name);
    if (!value) return value.error();
    request.*field = *value;
  }
  if (!request.sid) {
    request.wants_acks = request.ack == 1u;  // on creation, ack='1' asks for acks
    request.ack.reset();
  }
  request.terminate = body.attr_or("type", "") == "terminate";
  request.restart = xbosh_attr(body, "restart").value_or("") == "true";
  for (auto& child : body.children()) request.payload.push_back(std::move(child));
  return request;
}

std::string render_body(const Attributes& attributes, std::string_view content) {
  std::string out;
  out.reserve(128 + content.size());
  out += "<body xmlns='";
  out += kHttpBind;
  out += "'";
  for (const auto& [name, value] : attributes) {
    out += ' ';
    out += name;
    out += "='";
    xml::append_escaped_attr(value, out);
    out += "'";
  }
  if (content.empty()) {
    out += "/>";
    return out;
  }
  out += " xmlns:stream='";
  out += ns::kStreams;
  out += "'>";
  out += content;
  out += "</body>";
  return out;
}

void append_payload(const xml::Element& element, std::string& content) {
  xml::write(element, content, kHttpBind);
}

std::string render_terminate(std::string_view condition, std::string_view content) {
  Attributes attributes{{"type", "terminate"}};
  if (!condition.empty()) attributes.emplace_back("condition", condition);
  return render_body(attributes, content);
}

}  // namespace meerkat::http::bosh
