// SPDX-License-Identifier: Apache-2.0
// meerkatctl's one HTTP exchange: a GraphQL POST to the admin endpoint.
#pragma once

#include <optional>
#include <string>
#include <variant>

namespace meerkat::ctl {

struct Endpoint {
  std::string host;
  std::string port;
  std::string target;  // path and query
};

// "http://host:port/path"; an error text for anything else (HTTPS is not spoken: the admin
// endpoint is meant for loopback, as MongooseIM's is).
std::variant<Endpoint, std::string> parse_url(const std::string& url);

struct HttpResult {
  int status = 0;
  std::string body;
};

// POSTs `body` as JSON; an error text when the server cannot be reached.
std::variant<HttpResult, std::string> post_json(const Endpoint& endpoint, const std::string& body,
                                                const std::optional<std::string>& basic_auth);

}  // namespace meerkat::ctl
