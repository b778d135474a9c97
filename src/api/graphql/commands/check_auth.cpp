// SPDX-License-Identifier: Apache-2.0
// checkAuth: how the endpoint authenticated the request.
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"

namespace meerkat::api::graphql {

namespace {

Awaitable admin_check_auth(ApiServices&, const FieldContext& c) {
  const auto& caller = caller_of(c);
  json::object info;
  bool authorized = caller.kind == CallerKind::kAdmin || caller.kind == CallerKind::kDomainAdmin;
  info["authStatus"] = authorized ? "AUTHORIZED" : "UNAUTHORIZED";
  info["authType"] = caller.kind == CallerKind::kAdmin         ? "ADMIN"
                     : caller.kind == CallerKind::kDomainAdmin ? "DOMAIN_ADMIN"
                                                               : "UNAUTHORIZED";
  info["domain"] = caller.kind == CallerKind::kDomainAdmin
                       ? json::value(json::string(caller.domain))
                       : json::value();
  co_return Resolved(json::value(std::move(info)));
}

Awaitable user_check_auth(ApiServices&, const FieldContext& c) {
  const auto& caller = caller_of(c);
  json::object info;
  bool authorized = caller.kind == CallerKind::kUser;
  info["authStatus"] = authorized ? "AUTHORIZED" : "UNAUTHORIZED";
  info["username"] =
      authorized ? json::value(json::string(caller.user.to_string())) : json::value();
  co_return Resolved(json::value(std::move(info)));
}

}  // namespace

void add_check_auth_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "AdminQuery", "checkAuth", admin_check_auth);
  add_command(executors.user, services, "UserQuery", "checkAuth", user_check_auth);
}

}  // namespace meerkat::api::graphql
