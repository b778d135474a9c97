// SPDX-License-Identifier: Apache-2.0
// Who sent a GraphQL request, as the endpoint's HTTP authentication established it; the
// commands read it to decide what the caller may touch.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/jid/jid.hpp"
#include "graphql/execution.hpp"

namespace meerkat::api::graphql {

enum class CallerKind {
  kUnauthorized,  // no credentials: only unprotected fields (checkAuth) answer
  kAdmin,         // the global admin: everything
  kDomainAdmin,   // admin@DOMAIN: commands on DOMAIN only
  kUser,          // a user of the user endpoint: their own account only
};

struct Caller : meerkat::graphql::RequestContext {
  CallerKind kind = CallerKind::kUnauthorized;
  std::string domain;  // domain admin: the owned domain; user: the user's domain
  jid::Jid user;       // user: the bare JID
  // The endpoint's allowed_categories; unset: every category.
  const std::optional<std::vector<std::string>>* allowed_categories = nullptr;
};

}  // namespace meerkat::api::graphql
