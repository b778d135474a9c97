// SPDX-License-Identifier: Apache-2.0
// The two GraphQL schemas of the API (schema/admin + schema/common for the admin and domain
// admin endpoints, schema/user + schema/common for the user endpoint), compiled into the
// binary, with an executor each that holds every command's resolver.
#pragma once

#include <memory>

#include "api/api_services.hpp"
#include "api/graphql/schema_text.hpp"
#include "graphql/execution.hpp"

namespace meerkat::api::graphql {

class GraphqlApi {
 public:
  explicit GraphqlApi(ApiServices& services);
  GraphqlApi(const GraphqlApi&) = delete;
  GraphqlApi& operator=(const GraphqlApi&) = delete;

  const meerkat::graphql::Executor& admin() const { return *admin_; }
  const meerkat::graphql::Executor& user() const { return *user_; }
  ApiServices& services() const { return services_; }

 private:
  ApiServices& services_;
  std::unique_ptr<meerkat::graphql::Schema> admin_schema_;
  std::unique_ptr<meerkat::graphql::Schema> user_schema_;
  std::unique_ptr<meerkat::graphql::Executor> admin_;
  std::unique_ptr<meerkat::graphql::Executor> user_;
};

}  // namespace meerkat::api::graphql
