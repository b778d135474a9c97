// SPDX-License-Identifier: Apache-2.0
// session: the bound sessions of the session manager, listed, counted and kicked.
#include <algorithm>
#include <boost/asio/post.hpp>

#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "core/stanza/datetime.hpp"

namespace meerkat::api::graphql {

namespace {

using Sessions = std::vector<std::pair<std::string, router::SessionInfo>>;

json::value session_json(const std::string& full, const router::SessionInfo& info) {
  const auto& origin = info.handle->origin;
  auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() -
                                                                 origin.started);
  return json::object{
      {"user", full},
      {"connection", origin.connection},
      {"ip", origin.ip.empty() ? json::value() : json::value(json::string(origin.ip))},
      {"port", origin.port ? json::value(origin.port) : json::value()},
      {"priority", info.priority},
      {"node", "meerkat@localhost"},
      {"uptime", uptime.count()}};
}

json::value sessions_json(const Sessions& sessions) {
  json::array out;
  for (const auto& [full, info] : sessions) out.push_back(session_json(full, info));
  return out;
}

Sessions of_user(ApiServices& s, const jid::Jid& user) {
  Sessions out;
  auto bare = user.bare();
  for (auto& info : s.router.sessions().sessions(bare)) {
    out.emplace_back(bare.to_string() + "/" + info.resource, std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

// The presence show of a session as MongooseIM names statuses: "available" when there is none.
std::string status_of(const router::SessionInfo& info) {
  if (!info.available) return "unavailable";
  if (!info.presence) return "available";
  auto show = info.presence->child_text("show", "jabber:client");
  return show.empty() ? std::string("available") : show;
}

std::string status_text(const router::SessionInfo& info) {
  if (!info.presence) return {};
  return info.presence->child_text("status", "jabber:client");
}

Sessions with_status(ApiServices& s, const FieldContext& c) {
  Sessions out;
  auto wanted = arg_string(c, "status");
  for (auto& entry : s.router.sessions().all(opt_string(c, "domain").value_or(""))) {
    if (status_of(entry.second) == wanted) out.push_back(std::move(entry));
  }
  return out;
}

Awaitable list_sessions(ApiServices& s, const FieldContext& c) {
  auto domain = opt_string(c, "domain");
  if (domain && !s.router.is_local_host(*domain)) co_return unknown_domain(*domain);
  co_return Resolved(sessions_json(s.router.sessions().all(domain.value_or(""))));
}

Awaitable count_sessions(ApiServices& s, const FieldContext& c) {
  auto domain = opt_string(c, "domain");
  if (domain && !s.router.is_local_host(*domain)) co_return unknown_domain(*domain);
  auto count = domain ? s.router.sessions().all(*domain).size() : s.router.sessions().count();
  co_return Resolved(json::value(static_cast<std::int64_t>(count)));
}

Awaitable list_user_sessions(ApiServices& s, const FieldContext& c) {
  co_return Resolved(sessions_json(of_user(s, arg_jid(c, "user"))));
}

Awaitable count_user_resources(ApiServices& s, const FieldContext& c) {
  co_return Resolved(json::value(static_cast<std::int64_t>(of_user(s, arg_jid(c, "user")).size())));
}

Awaitable get_user_resource(ApiServices& s, const FieldContext& c) {
  auto sessions = of_user(s, arg_jid(c, "user"));
  auto n = static_cast<std::size_t>(*opt_int(c, "number"));
  if (n > sessions.size()) co_return not_found("The user has fewer sessions than that");
  co_return Resolved(json::value(json::string(sessions[n - 1].second.resource)));
}

json::value statuses_json(const Sessions& sessions) {
  json::array out;
  for (const auto& [full, info] : sessions) {
    auto text = status_text(info);
    out.push_back(
        json::object{{"user", full},
                     {"priority", info.priority},
                     {"text", text.empty() ? json::value() : json::value(json::string(text))}});
  }
  return out;
}

Awaitable list_users_with_status(ApiServices& s, const FieldContext& c) {
  co_return Resolved(statuses_json(with_status(s, c)));
}

Awaitable count_users_with_status(ApiServices& s, const FieldContext& c) {
  co_return Resolved(json::value(static_cast<std::int64_t>(with_status(s, c).size())));
}

json::value kick(ApiServices& s, const std::string& full, const std::string& reason) {
  auto jid = jid::Jid::parse(full);
  auto handle = jid ? s.router.sessions().find(*jid) : nullptr;
  if (!handle) {
    return json::object{
        {"jid", full}, {"kicked", false}, {"code", "no_session"}, {"message", "No active session"}};
  }
  boost::asio::post(handle->executor, [handle, reason] {
    if (handle->sink)
      handle->sink->terminate(stanza::StreamErrorCondition::kPolicyViolation, reason);
  });
  return json::object{
      {"jid", full}, {"kicked", true}, {"code", nullptr}, {"message", "Session kicked"}};
}

Awaitable kick_user_session(ApiServices& s, const FieldContext& c) {
  auto reason = opt_string(c, "reason").value_or("Kicked by the administrator");
  co_return Resolved(kick(s, arg_jid(c, "user").to_string(), reason));
}

Awaitable kick_user(ApiServices& s, const FieldContext& c) {
  auto reason = opt_string(c, "reason").value_or("Kicked by the administrator");
  json::array out;
  for (const auto& [full, info] : of_user(s, arg_jid(c, "user")))
    out.push_back(kick(s, full, reason));
  co_return Resolved(json::value(std::move(out)));
}

Awaitable own_resources(ApiServices& s, const FieldContext& c) {
  json::array out;
  for (const auto& [full, info] : of_user(s, caller_of(c).user)) {
    out.emplace_back(json::string(info.resource));
  }
  co_return Resolved(json::value(std::move(out)));
}

Awaitable own_resource_count(ApiServices& s, const FieldContext& c) {
  co_return Resolved(json::value(static_cast<std::int64_t>(of_user(s, caller_of(c).user).size())));
}

Awaitable own_sessions(ApiServices& s, const FieldContext& c) {
  co_return Resolved(sessions_json(of_user(s, caller_of(c).user)));
}

}  // namespace

void add_session_commands(Executors executors, ApiServices& services) {
  auto& admin = executors.admin;
  add_command(admin, services, "SessionAdminQuery", "listSessions", list_sessions);
  add_command(admin, services, "SessionAdminQuery", "countSessions", count_sessions);
  add_command(admin, services, "SessionAdminQuery", "listUserSessions", list_user_sessions);
  add_command(admin, services, "SessionAdminQuery", "countUserResources", count_user_resources);
  add_command(admin, services, "SessionAdminQuery", "getUserResource", get_user_resource);
  add_command(admin, services, "SessionAdminQuery", "listUsersWithStatus", list_users_with_status);
  add_command(admin, services, "SessionAdminQuery", "countUsersWithStatus",
              count_users_with_status);
  add_command(admin, services, "SessionAdminMutation", "kickUserSession", kick_user_session);
  add_command(admin, services, "SessionAdminMutation", "kickUser", kick_user);
  auto& user = executors.user;
  add_command(user, services, "SessionUserQuery", "listResources", own_resources);
  add_command(user, services, "SessionUserQuery", "countResources", own_resource_count);
  add_command(user, services, "SessionUserQuery", "listSessions", own_sessions);
}

}  // namespace meerkat::api::graphql
