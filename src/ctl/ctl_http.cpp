// SPDX-License-Identifier: Apache-2.0
#include "ctl/ctl_http.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "core/encoding/base64.hpp"

namespace meerkat::ctl {

namespace asio = boost::asio;
namespace http = boost::beast::http;

std::variant<Endpoint, std::string> parse_url(const std::string& text) {
  auto url = boost::urls::parse_uri(text);
  if (!url) return "not a URL: " + text;
  if (url->scheme() != "http") return "only http:// URLs are supported: " + text;
  Endpoint out{std::string(url->host()), url->has_port() ? std::string(url->port()) : "80",
               std::string(url->encoded_target())};
  if (out.target.empty()) out.target = "/";
  return out;
}

std::variant<HttpResult, std::string> post_json(const Endpoint& endpoint, const std::string& body,
                                                const std::optional<std::string>& basic_auth) {
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    asio::ip::tcp::socket socket(io);
    asio::connect(socket, resolver.resolve(endpoint.host, endpoint.port));
    http::request<http::string_body> request(http::verb::post, endpoint.target, 11);
    request.set(http::field::host, endpoint.host);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::user_agent, "meerkatctl");
    if (basic_auth) {
      request.set(http::field::authorization, "Basic " + encoding::base64_encode(*basic_auth));
    }
    request.body() = body;
    request.prepare_payload();
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return HttpResult{static_cast<int>(response.result_int()), std::move(response.body())};
  } catch (const boost::system::system_error& e) {
    return "cannot reach " + endpoint.host + ":" + endpoint.port + ": " + e.code().message();
  }
}

}  // namespace meerkat::ctl
