// SPDX-License-Identifier: Apache-2.0
#include "http/host_meta/host_meta_handler.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/json.hpp>

#include "core/xml/element.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::http::host_meta {

namespace {

constexpr std::string_view kXrdNs = "http://docs.oasis-open.org/ns/xri/xrd-1.0";

std::string_view relation(Endpoint::Kind kind) {
  return kind == Endpoint::Kind::kBosh ? "urn:xmpp:alt-connections:xbosh"
                                       : "urn:xmpp:alt-connections:websocket";
}

std::string url_of(const Endpoint& endpoint, std::string_view authority, bool tls) {
  std::string scheme = endpoint.kind == Endpoint::Kind::kBosh ? (tls ? "https" : "http")
                                                              : (tls ? "wss" : "ws");
  return scheme + "://" + std::string(authority) + endpoint.path;
}

bool serves(const Endpoint& endpoint, std::string_view authority) {
  if (endpoint.host == "_") return true;
  auto name = authority.substr(0, authority.rfind(':'));
  return boost::algorithm::to_lower_copy(std::string(name)) == endpoint.host;
}

}  // namespace

boost::asio::awaitable<std::optional<Response>> HostMetaHandler::handle(Request& request,
                                                                        Exchange&) {
  if (request.method() != beast_http::verb::get && request.method() != beast_http::verb::head) {
    auto response = make_error(request, Status::method_not_allowed);
    response.set(beast_http::field::allow, "GET, HEAD");
    co_return response;
  }
  // The URLs name the host and port the client reached us by.
  auto authority = request[beast_http::field::host];
  boost::json::array links;
  xml::Element xrd("XRD", std::string(kXrdNs));
  for (const auto& endpoint : endpoints_) {
    if (!serves(endpoint, authority)) continue;
    auto url = url_of(endpoint, authority, tls_);
    auto& link = xrd.append(xml::Element("Link", std::string(kXrdNs)));
    link.add_attr_unchecked("rel", std::string(relation(endpoint.kind)));
    link.add_attr_unchecked("href", url);
    links.push_back(boost::json::object{{"rel", relation(endpoint.kind)}, {"href", url}});
  }
  Response response =
      json_ ? make_response(request, Status::ok,
                            boost::json::serialize(boost::json::object{{"links", links}}),
                            "application/json")
            : make_response(request, Status::ok,
                            "<?xml version='1.0' encoding='utf-8'?>" + xml::to_string(xrd),
                            "application/xrd+xml");
  // XEP-0156 §3: web clients on other origins read this.
  response.set(beast_http::field::access_control_allow_origin, "*");
  co_return response;
}

}  // namespace meerkat::http::host_meta
