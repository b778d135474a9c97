// SPDX-License-Identifier: Apache-2.0
// FastTokenStore: the XEP-0484 FAST tokens of each user, one pair per client (user-agent id):
// the token in use and a newer one the server issued and the client has not used yet. Both
// stay valid until the newer one is used, so a client that missed the new token can still log
// in. Layer 1: an interface only; the SQLite backend is in sqlite/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/error/error.hpp"

namespace meerkat::storage {

struct FastToken {
  std::string secret;
  std::string mechanism;        // the token works with this mechanism only (XEP-0484 §4)
  std::int64_t expires_at = 0;  // Unix seconds
  // The highest 'count' a login with this token presented (replay protection for 0-RTT).
  std::optional<std::int64_t> count;

  friend bool operator==(const FastToken&, const FastToken&) = default;
};

struct FastTokens {
  std::optional<FastToken> current;
  std::optional<FastToken> next;  // issued, not used yet

  friend bool operator==(const FastTokens&, const FastTokens&) = default;
};

class FastTokenStore {
 public:
  virtual ~FastTokenStore() = default;

  // The tokens of one client of `user`; both empty when it has none.
  virtual boost::asio::awaitable<Result<FastTokens>> tokens(std::string user, std::string host,
                                                            std::string agent_id) = 0;
  // Replaces the client's tokens; with both empty, forgets them.
  virtual boost::asio::awaitable<Result<void>> store(std::string user, std::string host,
                                                     std::string agent_id, FastTokens tokens) = 0;
  virtual boost::asio::awaitable<Result<void>> remove_user(std::string user, std::string host) = 0;
};

}  // namespace meerkat::storage
