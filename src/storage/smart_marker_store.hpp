// SPDX-License-Identifier: Apache-2.0
// SmartMarkerStore: the latest XEP-0333 chat marker of each kind that a local user sent in
// each conversation (MongooseIM's smart markers), so a client coming back knows where it and
// its peer left off without reading the archive. Layer 1: an interface only; the SQLite
// backend is in sqlite/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

struct ChatMarker {
  std::string from;    // the sender's bare JID
  std::string to;      // the peer's bare JID
  std::string thread;  // empty: the main conversation
  std::string type;    // received, displayed or acknowledged
  std::string message_id;
  std::int64_t timestamp = 0;  // microseconds since the Unix epoch

  friend bool operator==(const ChatMarker&, const ChatMarker&) = default;
};

class SmartMarkerStore {
 public:
  virtual ~SmartMarkerStore() = default;

  // Replaces the marker of the same sender, peer, thread and type.
  virtual boost::asio::awaitable<Result<void>> update(ChatMarker marker) = 0;
  // The markers `from` sent to `to` in `thread`, newer than `after`; with `both_ways`, also
  // those `to` sent to `from`. Oldest first.
  virtual boost::asio::awaitable<Result<std::vector<ChatMarker>>> markers(
      std::string from, std::string to, std::string thread, std::int64_t after, bool both_ways) = 0;
  // Forgets the markers a user sent and those sent to it.
  virtual boost::asio::awaitable<Result<void>> remove_user(std::string bare_jid) = 0;
};

}  // namespace meerkat::storage
