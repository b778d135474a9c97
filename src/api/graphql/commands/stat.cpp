// SPDX-License-Identifier: Apache-2.0
// stat: uptime, registered and online users, globally and per domain.
#include <set>

#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;

// Distinct users with at least one session in `domain` (every domain when empty).
std::int64_t online_users(ApiServices& s, std::string_view domain) {
  std::set<std::string> users;
  for (const auto& [full, info] : s.router.sessions().all(domain)) {
    users.insert(full.substr(0, full.find('/')));
  }
  return static_cast<std::int64_t>(users.size());
}

asio::awaitable<Result<std::int64_t>> registered(ApiServices& s, std::string domain) {
  auto call = s.stores.accounts->count(std::move(domain));
  auto count = co_await std::move(call);
  if (!count) co_return count.error();
  co_return static_cast<std::int64_t>(*count);
}

Awaitable global_stats(ApiServices& s, const FieldContext&) {
  std::int64_t users = 0;
  for (const auto& host : s.router.hosts()) {
    auto count = registered(s, host);
    auto n = co_await std::move(count);
    if (!n) co_return internal_error(n.error());
    users += *n;
  }
  auto online = online_users(s, {});
  // Federation links are not counted per direction yet: null rather than a made-up zero.
  co_return Resolved(json::value(json::object{{"uptimeSeconds", s.control.uptime().count()},
                                              {"registeredUsers", users},
                                              {"onlineUsersNode", online},
                                              {"onlineUsers", online},
                                              {"incomingS2S", nullptr},
                                              {"outgoingS2S", nullptr}}));
}

Awaitable domain_stats(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  auto count = registered(s, domain);
  auto users = co_await std::move(count);
  if (!users) co_return internal_error(users.error());
  co_return Resolved(json::value(
      json::object{{"registeredUsers", *users}, {"onlineUsers", online_users(s, domain)}}));
}

}  // namespace

void add_stat_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "StatsAdminQuery", "globalStats", global_stats);
  add_command(executors.admin, services, "StatsAdminQuery", "domainStats", domain_stats);
}

}  // namespace meerkat::api::graphql
