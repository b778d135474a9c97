// SPDX-License-Identifier: Apache-2.0
#include "api/rest/route_table.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

namespace meerkat::api::rest {

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    auto slash = path.find('/');
    auto part = path.substr(0, slash);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// The parameters when `segments` fit `pattern`.
std::optional<std::vector<std::string>> fit(std::string_view pattern,
                                            const std::vector<std::string>& segments) {
  auto parts = split(pattern);
  if (parts.size() != segments.size()) return std::nullopt;
  std::vector<std::string> params;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].starts_with(':')) {
      if (segments[i].empty()) return std::nullopt;
      params.push_back(segments[i]);
    } else if (parts[i] != segments[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace

RouteTable::RouteTable(const std::vector<RestRoute>& routes,
                       const std::vector<std::string>& enabled) {
  for (const auto& route : routes) {
    if (std::find(enabled.begin(), enabled.end(), route.group) != enabled.end()) {
      routes_.push_back(route);
    }
  }
}

std::variant<RouteTable::Match, http::Response> RouteTable::find(
    const http::Request& request, const std::vector<std::string>& segments) const {
  std::string allowed;
  for (const auto& route : routes_) {
    auto params = fit(route.pattern, segments);
    if (!params) continue;
    if (route.method == request.method()) return Match{&route, std::move(*params)};
    if (!allowed.empty()) allowed += ", ";
    allowed += std::string(http::beast_http::to_string(route.method));
  }
  if (allowed.empty()) return http::make_error(request, http::Status::not_found);
  auto response = http::make_error(request, http::Status::method_not_allowed);
  response.set(http::beast_http::field::allow, allowed);
  return response;
}

std::optional<std::vector<std::string>> segments_below(std::string_view target,
                                                       std::string_view base) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  // The router matched the configured path as a prefix; skip its segments.
  auto skip = split(base).size();
  std::vector<std::string> out;
  for (auto segment : url->segments()) {
    if (skip > 0) {
      --skip;
      continue;
    }
    out.emplace_back(segment);
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // "/metrics/" is "/metrics"
  return out;
}

}  // namespace meerkat::api::rest
