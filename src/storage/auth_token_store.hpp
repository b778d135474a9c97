// SPDX-License-Identifier: Apache-2.0
// AuthTokenStore: the refresh-token sequence number of each user (mod_auth_token). A refresh
// token carries the number that was current when it was issued; revoking moves the number on,
// so every refresh token issued before stops working. Access tokens are not stored.
// Layer 1: an interface only; the SQLite backend is in sqlite/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/error/error.hpp"

namespace meerkat::storage {

class AuthTokenStore {
 public:
  virtual ~AuthTokenStore() = default;

  // std::nullopt: the user was never issued a refresh token.
  virtual boost::asio::awaitable<Result<std::optional<std::int64_t>>> sequence(
      std::string user, std::string host) = 0;
  // The current number, starting the user at 1 when there is none yet.
  virtual boost::asio::awaitable<Result<std::int64_t>> current_or_start(std::string user,
                                                                        std::string host) = 0;
  // Moves the number on; false: the user was never issued a refresh token.
  virtual boost::asio::awaitable<Result<bool>> revoke(std::string user, std::string host) = 0;
};

}  // namespace meerkat::storage
