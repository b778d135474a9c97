// SPDX-License-Identifier: Apache-2.0
// AccountStore: the registered users of each host and their opaque password records
// (DESIGN.md "Storage"). Layer 1: an interface only; backends live in sqlite/ and memory/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

// A user is (user, host): the nodeprep'd localpart and the nameprep'd domain. Callers
// normalise both before they call; stores compare bytes. Every coroutine takes its
// arguments by value, so the caller's frame may end before the call completes, but the
// store itself must outlive every call in flight.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // `password_record` is produced and read by the auth layer; the store never looks inside.
  // false: the account exists already, and nothing changed.
  virtual boost::asio::awaitable<Result<bool>> create(std::string user, std::string host,
                                                      std::string password_record) = 0;
  // std::nullopt: no such account.
  virtual boost::asio::awaitable<Result<std::optional<std::string>>> password_record(
      std::string user, std::string host) = 0;
  // false: no such account.
  virtual boost::asio::awaitable<Result<bool>> set_password_record(std::string user,
                                                                   std::string host,
                                                                   std::string record) = 0;
  // Deletes the account and, in the same transaction, everything else stored for the user
  // (roster, offline messages, vCard, private XML, last activity, block list); the other
  // data goes even when there is no account row (users of external auth have none).
  // false: there was no account row.
  virtual boost::asio::awaitable<Result<bool>> remove(std::string user, std::string host) = 0;
  // The host's user names, in byte order.
  virtual boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string host) = 0;
  virtual boost::asio::awaitable<Result<std::uint64_t>> count(std::string host) = 0;
};

}  // namespace meerkat::storage
