// SPDX-License-Identifier: Apache-2.0
// RosterStore: each user's roster (RFC 6121 §2) and its version (XEP-0237). Layer 1: an
// interface only; backends live in sqlite/ and memory/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

// RFC 6121 §2.1.2.5: the subscription attribute.
enum class Subscription { kNone, kTo, kFrom, kBoth };

struct RosterItem {
  std::string jid;  // the contact's bare JID, prepared by the caller
  std::string name;
  Subscription subscription = Subscription::kNone;
  bool pending_out = false;  // RFC 6121 §3.1.2: ask="subscribe"
  bool pending_in = false;   // an inbound subscribe not yet answered
  bool approved = false;     // RFC 6121 §3.4: pre-approval
  // Stored as a set: a repeated name is kept once, at its first position.
  std::vector<std::string> groups;
  // The <status/> text of a pending inbound subscribe, replayed at login (RFC 6121 §3.1.3).
  std::string pending_in_status;
  // False for an item that only records an inbound request nobody answered yet: RFC 6121
  // §3.1.3 keeps such contacts out of the roster the user sees until the user acts.
  bool in_roster = true;

  friend bool operator==(const RosterItem&, const RosterItem&) = default;
};

struct Roster {
  std::uint64_t version = 0;      // 0: the user's roster never changed
  std::vector<RosterItem> items;  // in byte order of jid
};

// Every change (put, or a remove that removed something) adds one to the user's version,
// so a client's cached version (XEP-0237) tells whether it missed anything.
class RosterStore {
 public:
  virtual ~RosterStore() = default;

  virtual boost::asio::awaitable<Result<Roster>> roster(std::string user, std::string host) = 0;
  virtual boost::asio::awaitable<Result<std::optional<RosterItem>>> item(std::string user,
                                                                         std::string host,
                                                                         std::string jid) = 0;
  // Inserts the item or replaces the one with the same jid; returns the new version.
  virtual boost::asio::awaitable<Result<std::uint64_t>> put(std::string user, std::string host,
                                                            RosterItem item) = 0;
  // Returns the new version; unchanged when there was no such item.
  virtual boost::asio::awaitable<Result<std::uint64_t>> remove_item(std::string user,
                                                                    std::string host,
                                                                    std::string jid) = 0;
  virtual boost::asio::awaitable<Result<std::uint64_t>> version(std::string user,
                                                                std::string host) = 0;
};

}  // namespace meerkat::storage
