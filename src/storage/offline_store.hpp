// SPDX-License-Identifier: Apache-2.0
// OfflineStore: messages kept for a user with no available resource (RFC 6121 §8.5.2.2.1,
// XEP-0160). Layer 1: an interface only; backends live in sqlite/ and memory/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

struct OfflineMessage {
  std::string from;
  std::string to;
  // When the server received it (the XEP-0203 delay stamp); kept to the microsecond.
  std::chrono::system_clock::time_point stamp;
  std::string stanza;  // the serialized <message/>

  friend bool operator==(const OfflineMessage&, const OfflineMessage&) = default;
};

class OfflineStore {
 public:
  virtual ~OfflineStore() = default;

  // false: the user has max_messages stored already, and this one was not stored.
  virtual boost::asio::awaitable<Result<bool>> store(std::string user, std::string host,
                                                     OfflineMessage message,
                                                     std::uint64_t max_messages) = 0;
  // Every stored message, oldest first, deleted in the same transaction: a message is
  // handed out once.
  virtual boost::asio::awaitable<Result<std::vector<OfflineMessage>>> take_all(
      std::string user, std::string host) = 0;
  virtual boost::asio::awaitable<Result<std::uint64_t>> count(std::string user,
                                                              std::string host) = 0;
  // Every stored message, oldest first, left in place (a personal data export).
  virtual boost::asio::awaitable<Result<std::vector<OfflineMessage>>> peek_all(
      std::string user, std::string host) = 0;
  // Deletes the host's messages stored before `cutoff`; how many went.
  virtual boost::asio::awaitable<Result<std::uint64_t>> remove_older_than(
      std::string host, std::chrono::system_clock::time_point cutoff) = 0;
};

}  // namespace meerkat::storage
