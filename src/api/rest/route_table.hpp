// SPDX-License-Identifier: Apache-2.0
// The routes of one REST handler: method, path pattern below the handler's path (":name"
// marks a parameter, as in MongooseIM's cowboy routes) and the handler group of the listener
// configuration that switches it on. Only the enabled groups' routes are kept, so a disabled
// group's paths answer 404 as unknown ones do.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/rest/rest_call.hpp"
#include "http/server/handler.hpp"

namespace meerkat::api::rest {

using Verb = http::beast_http::verb;
// A route: answers the request, or nullopt once it has taken the connection over (SSE).
using RouteFn = boost::asio::awaitable<std::optional<http::Response>> (*)(RestCall call);

struct RestRoute {
  Verb method;
  std::string_view pattern;  // "users/:host/:user"; a trailing "/" in the request is ignored
  std::string_view group;    // handler group, e.g. "users"
  RouteFn fn;
};

class RouteTable {
 public:
  // Keeps the routes whose group is in `enabled`.
  RouteTable(const std::vector<RestRoute>& routes, const std::vector<std::string>& enabled);

  struct Match {
    const RestRoute* route;
    std::vector<std::string> params;
  };
  // The route for `method` and `segments` (the path below the handler's, decoded): 404 when
  // no pattern fits, 405 with the allowed methods when only the method does not.
  std::variant<Match, http::Response> find(const http::Request& request,
                                           const std::vector<std::string>& segments) const;

 private:
  std::vector<RestRoute> routes_;
};

// The decoded segments of the request path below `base` (the handler's configured path);
// nullopt when the target does not parse.
std::optional<std::vector<std::string>> segments_below(std::string_view target,
                                                       std::string_view base);

}  // namespace meerkat::api::rest
