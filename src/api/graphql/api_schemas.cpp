// SPDX-License-Identifier: Apache-2.0
#include "api/graphql/api_schemas.hpp"

#include "api/graphql/access_guard.hpp"
#include "api/graphql/commands/commands.hpp"
#include "api/graphql/scalars.hpp"
#include "core/error/error.hpp"

namespace meerkat::api::graphql {

namespace {

using meerkat::graphql::Executor;
using meerkat::graphql::FieldContext;
using meerkat::graphql::FieldError;
using meerkat::graphql::FieldResult;
using meerkat::graphql::OperationType;
using meerkat::graphql::Schema;
using meerkat::graphql::TypeKind;

std::unique_ptr<Schema> load(std::string_view text, const char* which) {
  auto schema = Schema::parse(text);
  if (!schema) {
    throw InternalError(std::string("the ") + which +
                        " GraphQL schema does not parse: " + schema.error().message);
  }
  auto out = std::make_unique<Schema>(std::move(*schema));
  add_scalar_coercions(*out);
  return out;
}

// Commands of the schema that this server does not implement answer so, instead of null.
void refuse_the_rest(Executor& executor) {
  const Schema& schema = executor.schema();
  for (auto op : {OperationType::kQuery, OperationType::kMutation, OperationType::kSubscription}) {
    const auto* root = schema.root(op);
    if (!root) continue;
    for (const auto& category : root->fields) {
      const auto* type = schema.type(category.type.named());
      if (type->kind != TypeKind::kObject || executor.resolver(root->name, category.name)) continue;
      for (const auto& command : type->fields) {
        if (executor.resolver(type->name, command.name)) continue;
        executor.resolve(type->name, command.name,
                         [](const FieldContext& c) -> boost::asio::awaitable<FieldResult> {
                           co_return FieldError::coded(c.parent_type.name + "." + c.field.name +
                                                           " is not implemented by this server",
                                                       "not_implemented");
                         });
      }
    }
  }
}

}  // namespace

GraphqlApi::GraphqlApi(ApiServices& services)
    : services_(services),
      admin_schema_(load(admin_schema_text(), "admin")),
      user_schema_(load(user_schema_text(), "user")),
      admin_(std::make_unique<Executor>(*admin_schema_)),
      user_(std::make_unique<Executor>(*user_schema_)) {
  admin_->set_guard(make_access_guard(*admin_schema_, services.config));
  user_->set_guard(make_access_guard(*user_schema_, services.config));
  Executors both{*admin_, *user_};
  add_check_auth_commands(both, services);
  add_account_commands(both, services);
  add_session_commands(both, services);
  add_stanza_commands(both, services);
  add_roster_commands(both, services);
  add_vcard_commands(both, services);
  add_private_commands(both, services);
  add_last_commands(both, services);
  add_server_commands(both, services);
  add_stat_commands(both, services);
  add_offline_commands(both, services);
  add_domain_commands(both, services);
  add_gdpr_commands(both, services);
  add_metric_commands(both, services);
  add_http_upload_commands(both, services);
  add_token_commands(both, services);
  refuse_the_rest(*admin_);
  refuse_the_rest(*user_);
}

}  // namespace meerkat::api::graphql
