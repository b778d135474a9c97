// SPDX-License-Identifier: Apache-2.0
// LastStore: when each user last went offline, and the status they left with (XEP-0012).
// Layer 1: an interface only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

struct LastActivity {
  std::int64_t seconds_since_epoch = 0;
  std::string status;

  friend bool operator==(const LastActivity&, const LastActivity&) = default;
};

class LastStore {
 public:
  virtual ~LastStore() = default;

  // std::nullopt: the user never logged out.
  virtual boost::asio::awaitable<Result<std::optional<LastActivity>>> get(std::string user,
                                                                          std::string host) = 0;
  virtual boost::asio::awaitable<Result<void>> set(std::string user, std::string host,
                                                   LastActivity activity) = 0;
  // Every stored activity of the host's users, as (user, activity), in user order.
  virtual boost::asio::awaitable<Result<std::vector<std::pair<std::string, LastActivity>>>> list(
      std::string host) = 0;
};

}  // namespace meerkat::storage
