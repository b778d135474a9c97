// SPDX-License-Identifier: Apache-2.0
// PushStore: the XEP-0357 push registrations of each user: which app server (a pubsub JID
// and node) to notify, with the publish-options form the client gave (its secret). Layer 1:
// an interface only; the SQLite backend is in sqlite/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

struct PushRegistration {
  std::string pubsub_jid;
  std::string node;
  std::string form;  // the serialized <x/> publish-options, empty when the client gave none

  friend bool operator==(const PushRegistration&, const PushRegistration&) = default;
};

class PushStore {
 public:
  virtual ~PushStore() = default;

  // Adds the registration, replacing one for the same JID and node.
  virtual boost::asio::awaitable<Result<void>> enable(std::string user, std::string host,
                                                      PushRegistration registration) = 0;
  // Removes the registrations for `pubsub_jid` (only `node`'s, when given); returns how many.
  virtual boost::asio::awaitable<Result<std::size_t>> disable(std::string user, std::string host,
                                                              std::string pubsub_jid,
                                                              std::optional<std::string> node) = 0;
  virtual boost::asio::awaitable<Result<std::vector<PushRegistration>>> registrations(
      std::string user, std::string host) = 0;
  virtual boost::asio::awaitable<Result<void>> remove_user(std::string user, std::string host) = 0;
};

}  // namespace meerkat::storage
