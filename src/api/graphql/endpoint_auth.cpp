// SPDX-License-Identifier: Apache-2.0
#include "api/graphql/endpoint_auth.hpp"

#include <openssl/crypto.h>

#include <boost/algorithm/string/predicate.hpp>

#include "auth/password/password_record.hpp"
#include "core/encoding/base64.hpp"

namespace meerkat::api::graphql {

namespace {

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

boost::asio::awaitable<std::optional<Caller>> domain_admin(ApiServices& services,
                                                           const BasicCredentials& credentials) {
  std::string_view login = credentials.login;
  if (!login.starts_with("admin@") || !services.stores.domains) co_return std::nullopt;
  auto domain = jid::Jid::nameprep(login.substr(6));
  if (!domain || !services.router.is_local_host(*domain)) co_return std::nullopt;
  auto lookup = services.stores.domains->admin_password(*domain);
  auto stored = co_await std::move(lookup);
  if (!stored || !*stored) co_return std::nullopt;
  auto record = auth::password::parse_password_record(**stored);
  if (!record || !auth::password::verify_password(*record, credentials.password)) {
    co_return std::nullopt;
  }
  Caller caller;
  caller.kind = CallerKind::kDomainAdmin;
  caller.domain = *domain;
  co_return caller;
}

boost::asio::awaitable<std::optional<Caller>> user(ApiServices& services,
                                                   const BasicCredentials& credentials) {
  auto jid = jid::Jid::parse(credentials.login);
  if (!jid || !jid->has_node() || !jid->is_bare() ||
      !services.router.is_local_host(jid->domain())) {
    co_return std::nullopt;
  }
  auto lookup =
      services.authenticator.password_record(std::string(jid->node()), std::string(jid->domain()));
  auto record = co_await std::move(lookup);
  if (!record || !*record || !auth::password::verify_password(**record, credentials.password)) {
    services.authenticator.count_failure();
    co_return std::nullopt;
  }
  Caller caller;
  caller.kind = CallerKind::kUser;
  caller.domain = std::string(jid->domain());
  caller.user = *jid;
  co_return caller;
}

}  // namespace

std::optional<BasicCredentials> parse_basic(std::string_view authorization) {
  if (!boost::algorithm::istarts_with(authorization, "Basic ")) return std::nullopt;
  auto encoded = authorization.substr(6);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  auto decoded = encoding::base64_decode(encoded);
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

boost::asio::awaitable<std::optional<Caller>> authenticate(
    ApiServices& services, const config::GraphqlHandlerOptions& endpoint,
    std::string authorization) {
  using config::GraphqlSchema;
  bool open_admin = endpoint.schema_endpoint == GraphqlSchema::kAdmin &&
                    !(endpoint.username && endpoint.password);
  Caller caller;
  if (open_admin) caller.kind = CallerKind::kAdmin;
  if (authorization.empty()) co_return caller;
  auto credentials = parse_basic(authorization);
  if (!credentials) co_return std::nullopt;
  switch (endpoint.schema_endpoint) {
    case GraphqlSchema::kAdmin:
      if (open_admin) co_return caller;
      if (!same(credentials->login, *endpoint.username) ||
          !same(credentials->password, *endpoint.password)) {
        co_return std::nullopt;
      }
      caller.kind = CallerKind::kAdmin;
      co_return caller;
    case GraphqlSchema::kDomainAdmin: {
      auto check = domain_admin(services, *credentials);
      co_return co_await std::move(check);
    }
    case GraphqlSchema::kUser: {
      auto check = user(services, *credentials);
      co_return co_await std::move(check);
    }
  }
  co_return std::nullopt;
}

}  // namespace meerkat::api::graphql
