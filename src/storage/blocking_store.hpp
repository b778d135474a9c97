// SPDX-License-Identifier: Apache-2.0
// BlockingStore: each user's block list (XEP-0191), a set of JIDs. Layer 1: an interface only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

class BlockingStore {
 public:
  virtual ~BlockingStore() = default;

  // The blocked JIDs, in byte order.
  virtual boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string user,
                                                                        std::string host) = 0;
  // Adding a JID already blocked, or removing one that is not, is not an error.
  virtual boost::asio::awaitable<Result<void>> add(std::string user, std::string host,
                                                   std::vector<std::string> jids) = 0;
  virtual boost::asio::awaitable<Result<void>> remove(std::string user, std::string host,
                                                      std::vector<std::string> jids) = 0;
  virtual boost::asio::awaitable<Result<void>> clear(std::string user, std::string host) = 0;
};

}  // namespace meerkat::storage
