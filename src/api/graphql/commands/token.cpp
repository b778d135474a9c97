// SPDX-License-Identifier: Apache-2.0
// token: the X-OAUTH tokens of mod_auth_token, issued and revoked for a user.
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "core/encoding/base64.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;

hooks::AuthTokenService* token_service(ApiServices& s) { return s.router.hooks().auth_tokens; }

FieldError module_off() {
  return FieldError::coded("mod_auth_token is not running", "deps_not_loaded");
}

// A new access and refresh token pair, base64-encoded as clients send them.
asio::awaitable<FieldResult> request_token(ApiServices& s, jid::Jid user) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto* tokens = token_service(s);
  if (!tokens) co_return module_off();
  auto call = tokens->issue(std::string(user.node()), std::string(user.domain()));
  auto issued = co_await std::move(call);
  if (!issued) co_return internal_error(issued.error());
  co_return Resolved(
      json::value(json::object{{"access", encoding::base64_encode(issued->access)},
                               {"refresh", encoding::base64_encode(issued->refresh)}}));
}

asio::awaitable<FieldResult> revoke_token(ApiServices& s, jid::Jid user) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto* tokens = token_service(s);
  if (!tokens) co_return module_off();
  auto call = tokens->revoke(std::string(user.node()), std::string(user.domain()));
  auto revoked = co_await std::move(call);
  if (!revoked) co_return internal_error(revoked.error());
  if (!*revoked) co_return not_found("User or token not found.");
  co_return Resolved(json::value("Revoked."));
}

Awaitable admin_request(ApiServices& s, const FieldContext& c) {
  auto run = request_token(s, arg_jid(c, "user"));
  co_return co_await std::move(run);
}
Awaitable admin_revoke(ApiServices& s, const FieldContext& c) {
  auto run = revoke_token(s, arg_jid(c, "user"));
  co_return co_await std::move(run);
}
Awaitable user_request(ApiServices& s, const FieldContext& c) {
  auto run = request_token(s, caller_of(c).user);
  co_return co_await std::move(run);
}
Awaitable user_revoke(ApiServices& s, const FieldContext& c) {
  auto run = revoke_token(s, caller_of(c).user);
  co_return co_await std::move(run);
}

}  // namespace

void add_token_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "TokenAdminMutation", "requestToken", admin_request);
  add_command(executors.admin, services, "TokenAdminMutation", "revokeToken", admin_revoke);
  add_command(executors.user, services, "TokenUserMutation", "requestToken", user_request);
  add_command(executors.user, services, "TokenUserMutation", "revokeToken", user_revoke);
}

}  // namespace meerkat::api::graphql
