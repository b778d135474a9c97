// SPDX-License-Identifier: Apache-2.0
// MamStore: each user's message archive (XEP-0313) and archiving preferences. Messages are
// keyed by a 64-bit id that grows with time (microseconds << 8), so paging, time ranges and
// "after this id" are all one index range. Layer 1: an interface only; the SQLite backend is
// in sqlite/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

struct ArchivedMessage {
  std::uint64_t id = 0;
  std::string user;             // the archive's owner: nodeprep'd localpart
  std::string host;
  std::string remote;           // the other party's bare JID
  std::string remote_resource;  // its resource, when known
  bool outgoing = false;        // sent by the owner
  std::string origin_id;        // XEP-0359 origin-id, if the sender set one
  std::string body;             // for full-text search
  std::string stanza;           // the serialized <message/>

  friend bool operator==(const ArchivedMessage&, const ArchivedMessage&) = default;
};

// A lookup in one archive. The filters make the result set (time filters are converted to
// ids); the page is the oldest `limit` of it after `page_after`, or with `from_end` the
// newest before `page_before` (RSM <after/> and <before/>).
struct MamQuery {
  std::string user;
  std::string host;
  std::optional<std::string> with;           // a bare JID
  std::optional<std::string> with_resource;  // with a full JID in `with`
  std::uint64_t after = 0;                   // exclusive bounds of the result set
  std::uint64_t before = UINT64_MAX;
  std::uint64_t page_after = 0;              // exclusive bounds of the page
  std::uint64_t page_before = UINT64_MAX;
  std::vector<std::uint64_t> ids;            // only these (XEP-0313 'ids'), when not empty
  std::vector<std::string> words;            // each must appear in the body
  std::size_t limit = 50;
  bool from_end = false;
  std::optional<std::size_t> offset;  // RSM <index/>: skip this many from the range's start
  bool count = true;                  // also count the whole range
};

struct MamPage {
  std::vector<ArchivedMessage> messages;  // oldest first
  std::uint64_t count = 0;                // messages in the whole result set
  std::uint64_t first_index = 0;          // position of messages.front() in it
  bool complete = false;                  // the page reaches the end it was read towards
};

enum class MamDefault { kAlways, kNever, kRoster };

struct MamPrefs {
  MamDefault default_behaviour = MamDefault::kAlways;
  std::vector<std::string> always;  // bare JIDs
  std::vector<std::string> never;

  friend bool operator==(const MamPrefs&, const MamPrefs&) = default;
};

class MamStore {
 public:
  virtual ~MamStore() = default;

  // Write-behind: returns at once; the message is in every query started afterwards, and
  // concurrent archives are written together in one transaction.
  virtual void archive(ArchivedMessage message) = 0;
  // item-not-found when `page_after` or `page_before` names no message of the archive.
  virtual boost::asio::awaitable<Result<MamPage>> query(MamQuery query) = 0;
  virtual boost::asio::awaitable<Result<void>> remove_user(std::string user, std::string host) = 0;
  // nullopt: the user never set preferences.
  virtual boost::asio::awaitable<Result<std::optional<MamPrefs>>> prefs(std::string user,
                                                                        std::string host) = 0;
  virtual boost::asio::awaitable<Result<void>> set_prefs(std::string user, std::string host,
                                                         MamPrefs prefs) = 0;
};

}  // namespace meerkat::storage
