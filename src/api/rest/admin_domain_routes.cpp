// SPDX-License-Identifier: Apache-2.0
// REST admin API, group "domain": dynamic domains (domain.* commands). MongooseIM's domain
// API refuses static domains, a disabled domain service and host type mismatches with 403,
// a domain that exists with another host type with 409 (see status_of_code).
#include <boost/algorithm/string/case_conv.hpp>

#include "api/rest/admin_routes.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kDomainDetails =
    "query($domain: DomainName!) { domain { domainDetails(domain: $domain) { hostType status } } }";
constexpr const char* kAddDomain =
    "mutation($domain: DomainName!, $hostType: String!) "
    "{ domain { addDomain(domain: $domain, hostType: $hostType) { domain } } }";
constexpr const char* kEnableDomain =
    "mutation($domain: DomainName!) { domain { enableDomain(domain: $domain) { domain } } }";
constexpr const char* kDisableDomain =
    "mutation($domain: DomainName!) { domain { disableDomain(domain: $domain) { domain } } }";
constexpr const char* kRemoveDomain =
    "mutation($domain: DomainName!, $hostType: String!) "
    "{ domain { removeDomain(domain: $domain, hostType: $hostType) { domain } } }";
constexpr const char* kRequestRemoveDomain =
    "mutation($domain: DomainName!, $hostType: String!) "
    "{ domain { requestRemoveDomain(domain: $domain, hostType: $hostType) { domain } } }";

// GET /domains/{domain}: {host_type, status}
Reply get_domain(RestCall call) {
  auto run = call.graphql("domain", "domainDetails", kDomainDetails, {{"domain", call.param(0)}});
  auto details = co_await std::move(run);
  if (!details) co_return error_reply(call.request(), details.error());
  if (!details->is_object()) {
    co_return error_reply(call.request(), {http::Status::not_found, "Domain not found", {}});
  }
  const auto& d = details->as_object();
  json::object out{{"host_type", d.at("hostType")}, {"status", nullptr}};
  if (const auto* status = d.if_contains("status"); status && status->is_string()) {
    out["status"] = boost::algorithm::to_lower_copy(std::string(status->as_string()));
  }
  co_return json_reply(call.request(), http::Status::ok, out);
}

// PUT /domains/{domain} {host_type}
Reply add_domain(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto host_type = string_field(*body, "host_type", "host type");
  if (!host_type) co_return error_reply(call.request(), host_type.error());
  auto run = call.graphql("domain", "addDomain", kAddDomain,
                          {{"domain", call.param(0)}, {"hostType", *host_type}});
  auto added = co_await std::move(run);
  if (!added) co_return error_reply(call.request(), added.error());
  co_return no_content(call.request());
}

// PATCH /domains/{domain} {enabled}
Reply enable_domain(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  const auto* enabled = body->if_contains("enabled");
  if (!enabled) co_return error_reply(call.request(), bad_request("Missing domain status"));
  if (!enabled->is_bool())
    co_return error_reply(call.request(), bad_request("Invalid domain status"));
  bool on = enabled->as_bool();
  auto run = call.graphql("domain", on ? "enableDomain" : "disableDomain",
                          on ? kEnableDomain : kDisableDomain, {{"domain", call.param(0)}});
  auto changed = co_await std::move(run);
  if (!changed) co_return error_reply(call.request(), changed.error());
  co_return no_content(call.request());
}

// DELETE /domains/{domain} {host_type, request}: 204 once removed (or when there was no such
// domain, as MongooseIM answers), 202 when `request` queued the removal.
Reply remove_domain(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto host_type = string_field(*body, "host_type", "host type");
  if (!host_type) co_return error_reply(call.request(), host_type.error());
  const auto* request = body->if_contains("request");
  if (request && !request->is_bool()) {
    co_return error_reply(call.request(), bad_request("Invalid value of 'request'"));
  }
  bool queued = request && request->as_bool();
  auto run = call.graphql("domain", queued ? "requestRemoveDomain" : "removeDomain",
                          queued ? kRequestRemoveDomain : kRemoveDomain,
                          {{"domain", call.param(0)}, {"hostType", *host_type}});
  auto removed = co_await std::move(run);
  bool absent = !removed && removed.error().status == http::Status::not_found &&
                removed.error().code != "deps_not_loaded";
  if (!removed && !absent) co_return error_reply(call.request(), removed.error());
  co_return http::make_response(
      call.request(), queued && !absent ? http::Status::accepted : http::Status::no_content);
}

}  // namespace

void add_admin_domain_routes(std::vector<RestRoute>& routes) {
  routes.insert(routes.end(), {
                                  {Verb::get, "domains/:domain", "domain", get_domain},
                                  {Verb::put, "domains/:domain", "domain", add_domain},
                                  {Verb::patch, "domains/:domain", "domain", enable_domain},
                                  {Verb::delete_, "domains/:domain", "domain", remove_domain},
                              });
}

}  // namespace meerkat::api::rest
