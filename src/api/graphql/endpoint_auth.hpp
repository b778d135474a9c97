// SPDX-License-Identifier: Apache-2.0
// HTTP Basic authentication of the three GraphQL endpoints: the admin endpoint's configured
// login, admin@DOMAIN with the domain's administrator password, or a user's bare JID and
// account password. No header makes an unauthorized caller (checkAuth still answers);
// a header with wrong credentials is refused with 401.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string_view>

#include "api/api_services.hpp"
#include "api/graphql/caller.hpp"
#include "config/listen_options.hpp"

namespace meerkat::api::graphql {

struct BasicCredentials {
  std::string login;
  std::string password;
};

// The login and password of an "Authorization: Basic …" value; nullopt when malformed.
std::optional<BasicCredentials> parse_basic(std::string_view authorization);

// nullopt: the credentials are wrong (or malformed). `authorization` empty: no header.
boost::asio::awaitable<std::optional<Caller>> authenticate(
    ApiServices& services, const config::GraphqlHandlerOptions& endpoint,
    std::string authorization);

}  // namespace meerkat::api::graphql
