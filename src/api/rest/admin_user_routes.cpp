// SPDX-License-Identifier: Apache-2.0
// REST admin API, groups "users" and "sessions": accounts of a domain (account.* commands)
// and the sessions open in it (session.* commands).
#include "api/rest/admin_routes.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kListUsers =
    "query($domain: DomainName!) { account { listUsers(domain: $domain) } }";
constexpr const char* kRegisterUser =
    "mutation($domain: DomainName!, $username: UserName!, $password: String!) "
    "{ account { registerUser(domain: $domain, username: $username, password: $password) "
    "{ jid message } } }";
constexpr const char* kChangePassword =
    "mutation($user: JID!, $password: String!) "
    "{ account { changeUserPassword(user: $user, newPassword: $password) { message } } }";
constexpr const char* kRemoveUser =
    "mutation($user: JID!) { account { removeUser(user: $user) { message } } }";
constexpr const char* kListSessions =
    "query($domain: DomainName!) { session { listSessions(domain: $domain) { user } } }";
constexpr const char* kKickSession =
    "mutation($user: FullJID!) "
    "{ session { kickUserSession(user: $user, reason: \"kicked\") { kicked message } } }";

// GET /users/{host}: the bare JIDs of the domain's accounts.
Reply list_users(RestCall call) {
  auto run = call.graphql("account", "listUsers", kListUsers, {{"domain", call.param(0)}});
  auto users = co_await std::move(run);
  if (!users) co_return error_reply(call.request(), users.error());
  co_return json_reply(call.request(), http::Status::ok, *users);
}

// POST /users/{host} {username, password}: 201, the confirmation as a JSON string and the
// new account's URL in Location (MongooseIM's resource_created).
Reply register_user(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto username = string_field(*body, "username", "user name");
  if (!username) co_return error_reply(call.request(), username.error());
  auto password = string_field(*body, "password", "password");
  if (!password) co_return error_reply(call.request(), password.error());
  auto run =
      call.graphql("account", "registerUser", kRegisterUser,
                   {{"domain", call.param(0)}, {"username", *username}, {"password", *password}});
  auto created = co_await std::move(run);
  if (!created) co_return error_reply(call.request(), created.error());
  auto response =
      json_reply(call.request(), http::Status::created, created->as_object().at("message"));
  auto path = std::string(call.request().target());
  path = path.substr(0, path.find('?'));
  if (!path.ends_with('/')) path += '/';
  response.set(http::beast_http::field::location, path + *username);
  co_return response;
}

// PUT /users/{host}/{username} {newpass}
Reply change_password(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto password = string_field(*body, "newpass", "new password");
  if (!password) co_return error_reply(call.request(), password.error());
  auto user = jid_of(call.param(1), call.param(0));
  if (!user) co_return error_reply(call.request(), user.error());
  auto run = call.graphql("account", "changeUserPassword", kChangePassword,
                          {{"user", *user}, {"password", *password}});
  auto changed = co_await std::move(run);
  if (!changed) co_return error_reply(call.request(), changed.error());
  co_return no_content(call.request());
}

// DELETE /users/{host}/{username}
Reply remove_user(RestCall call) {
  auto user = jid_of(call.param(1), call.param(0));
  if (!user) co_return error_reply(call.request(), user.error());
  auto run = call.graphql("account", "removeUser", kRemoveUser, {{"user", *user}});
  auto removed = co_await std::move(run);
  if (!removed) co_return error_reply(call.request(), removed.error());
  co_return no_content(call.request());
}

// GET /sessions/{host}: the full JIDs of the domain's sessions.
Reply list_sessions(RestCall call) {
  auto run = call.graphql("session", "listSessions", kListSessions, {{"domain", call.param(0)}});
  auto sessions = co_await std::move(run);
  if (!sessions) co_return error_reply(call.request(), sessions.error());
  json::array out;
  if (sessions->is_array()) {
    for (const auto& s : sessions->as_array()) out.push_back(s.as_object().at("user"));
  }
  co_return json_reply(call.request(), http::Status::ok, out);
}

// DELETE /sessions/{host}/{username}/{resource}: 404 when no such session is open.
Reply kick_session(RestCall call) {
  auto user = jid_of(call.param(1), call.param(0), call.param(2));
  if (!user) co_return error_reply(call.request(), user.error());
  auto run = call.graphql("session", "kickUserSession", kKickSession, {{"user", *user}});
  auto kicked = co_await std::move(run);
  if (!kicked) co_return error_reply(call.request(), kicked.error());
  const auto& result = kicked->as_object();
  if (!result.at("kicked").as_bool()) {
    co_return error_reply(
        call.request(),
        {http::Status::not_found, std::string(result.at("message").as_string()), {}});
  }
  co_return no_content(call.request());
}

}  // namespace

void add_admin_user_routes(std::vector<RestRoute>& routes) {
  routes.insert(routes.end(),
                {
                    {Verb::get, "users/:host", "users", list_users},
                    {Verb::post, "users/:host", "users", register_user},
                    {Verb::put, "users/:host/:username", "users", change_password},
                    {Verb::delete_, "users/:host/:username", "users", remove_user},
                    {Verb::get, "sessions/:host", "sessions", list_sessions},
                    {Verb::delete_, "sessions/:host/:username/:resource", "sessions", kick_session},
                });
}

}  // namespace meerkat::api::rest
