// SPDX-License-Identifier: Apache-2.0
// last: users' last activity (XEP-0012, mod_last): reading and setting it, counting active
// users, and finding (and removing) accounts unused since a given time.
#include <algorithm>

#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "core/stanza/datetime.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;
using Clock = std::chrono::system_clock;

std::string datetime(std::int64_t seconds) {
  return api_datetime(Clock::time_point(std::chrono::seconds(seconds)));
}

std::int64_t seconds_of(const std::optional<std::string>& text) {
  auto when = text ? stanza::parse_datetime(*text) : std::optional<Clock::time_point>(Clock::now());
  return std::chrono::duration_cast<std::chrono::seconds>(when->time_since_epoch()).count();
}

json::value activity_json(const jid::Jid& user, const storage::LastActivity& a) {
  return json::object{{"user", user.bare().to_string()},
                      {"timestamp", datetime(a.seconds_since_epoch)},
                      {"status", a.status}};
}

asio::awaitable<FieldResult> get_last(ApiServices& s, jid::Jid user) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto call = s.stores.last->get(std::string(user.node()), std::string(user.domain()));
  auto activity = co_await std::move(call);
  if (!activity) co_return internal_error(activity.error());
  if (!*activity) co_return not_found("Given user's last info not found");
  co_return Resolved(activity_json(user, **activity));
}

asio::awaitable<FieldResult> set_last(ApiServices& s, jid::Jid user, const FieldContext& c) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  storage::LastActivity activity{seconds_of(opt_string(c, "timestamp")), arg_string(c, "status")};
  auto call = s.stores.last->set(std::string(user.node()), std::string(user.domain()), activity);
  auto written = co_await std::move(call);
  if (!written) co_return internal_error(written.error());
  co_return Resolved(activity_json(user, activity));
}

// The domains a command covers: the one named, or every served domain.
std::vector<std::string> domains_of(ApiServices& s, const FieldContext& c) {
  if (auto domain = opt_string(c, "domain")) return {*domain};
  return s.router.hosts();
}

struct OldUser {
  jid::Jid jid;
  std::optional<std::int64_t> seconds;  // never logged out: unset
};

// Accounts without a session whose last activity is before `cutoff` (or never recorded).
asio::awaitable<boost::system::result<std::vector<OldUser>, FieldError>> old_users(
    ApiServices& s, std::vector<std::string> domains, std::int64_t cutoff) {
  std::vector<OldUser> out;
  for (const auto& domain : domains) {
    if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
    auto listing = s.stores.accounts->list(domain);
    auto users = co_await std::move(listing);
    if (!users) co_return internal_error(users.error());
    auto reading = s.stores.last->list(domain);
    auto activities = co_await std::move(reading);
    if (!activities) co_return internal_error(activities.error());
    for (const auto& user : *users) {
      auto jid = *jid::Jid::make(user, domain, "");
      if (s.router.sessions().has_sessions(jid)) continue;
      auto found = std::find_if(activities->begin(), activities->end(),
                                [&](const auto& a) { return a.first == user; });
      if (found == activities->end()) {
        out.push_back({jid, std::nullopt});
      } else if (found->second.seconds_since_epoch < cutoff) {
        out.push_back({jid, found->second.seconds_since_epoch});
      }
    }
  }
  co_return out;
}

json::value old_users_json(const std::vector<OldUser>& users) {
  json::array out;
  for (const auto& u : users) {
    out.push_back(
        json::object{{"jid", u.jid.to_string()},
                     {"timestamp", u.seconds ? json::value(json::string(datetime(*u.seconds)))
                                             : json::value()}});
  }
  return out;
}

Awaitable list_old_users(ApiServices& s, const FieldContext& c) {
  auto find = old_users(s, domains_of(s, c), seconds_of(opt_string(c, "timestamp")));
  auto users = co_await std::move(find);
  if (!users) co_return users.error();
  co_return Resolved(old_users_json(*users));
}

Awaitable remove_old_users(ApiServices& s, const FieldContext& c) {
  auto find = old_users(s, domains_of(s, c), seconds_of(opt_string(c, "timestamp")));
  auto users = co_await std::move(find);
  if (!users) co_return users.error();
  for (const auto& u : *users) {
    auto removal = remove_account(s, u.jid);
    if (auto error = co_await std::move(removal)) co_return *error;
  }
  co_return Resolved(old_users_json(*users));
}

// Users online now, or active (by their last logout) since `timestamp`.
Awaitable count_active_users(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  auto since = seconds_of(opt_string(c, "timestamp"));
  auto reading = s.stores.last->list(domain);
  auto activities = co_await std::move(reading);
  if (!activities) co_return internal_error(activities.error());
  std::int64_t count = 0;
  for (const auto& [user, activity] : *activities) {
    auto jid = *jid::Jid::make(user, domain, "");
    if (activity.seconds_since_epoch >= since && !s.router.sessions().has_sessions(jid)) ++count;
  }
  std::vector<std::string> online;
  for (const auto& [full, info] : s.router.sessions().all(domain)) {
    online.push_back(full.substr(0, full.find('/')));
  }
  std::sort(online.begin(), online.end());
  count += std::unique(online.begin(), online.end()) - online.begin();
  co_return Resolved(json::value(count));
}

Awaitable admin_get(ApiServices& s, const FieldContext& c) {
  auto run = get_last(s, arg_jid(c, "user"));
  co_return co_await std::move(run);
}
Awaitable admin_set(ApiServices& s, const FieldContext& c) {
  auto run = set_last(s, arg_jid(c, "user"), c);
  co_return co_await std::move(run);
}
Awaitable user_get(ApiServices& s, const FieldContext& c) {
  auto run = get_last(s, opt_string(c, "user") ? arg_jid(c, "user") : caller_of(c).user);
  co_return co_await std::move(run);
}
Awaitable user_set(ApiServices& s, const FieldContext& c) {
  auto run = set_last(s, caller_of(c).user, c);
  co_return co_await std::move(run);
}

}  // namespace

void add_last_commands(Executors executors, ApiServices& services) {
  auto& admin = executors.admin;
  add_command(admin, services, "LastAdminQuery", "getLast", admin_get);
  add_command(admin, services, "LastAdminQuery", "countActiveUsers", count_active_users);
  add_command(admin, services, "LastAdminQuery", "listOldUsers", list_old_users);
  add_command(admin, services, "LastAdminMutation", "setLast", admin_set);
  add_command(admin, services, "LastAdminMutation", "removeOldUsers", remove_old_users);
  add_command(executors.user, services, "LastUserQuery", "getLast", user_get);
  add_command(executors.user, services, "LastUserMutation", "setLast", user_set);
}

}  // namespace meerkat::api::graphql
