// SPDX-License-Identifier: Apache-2.0
// MemoryDatabase: the tables of the in-memory backend (memory_stores.hpp), one map per
// concern keyed by user, shared by its stores so AccountStore::remove reaches them all.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "storage/last_store.hpp"
#include "storage/offline_store.hpp"
#include "storage/roster_store.hpp"

namespace meerkat::storage::memory {

// (host, user), host first so one host's users are adjacent in a map.
using UserKey = std::pair<std::string, std::string>;

struct MemoryRoster {
  std::uint64_t version = 0;
  std::map<std::string, RosterItem> items;  // by jid
};

struct MemoryDatabase {
  // Not needed by single-threaded tests; it makes a store shared across threads safe too.
  std::mutex mutex;
  std::map<UserKey, std::string> accounts;  // password records
  std::map<UserKey, MemoryRoster> rosters;
  std::map<UserKey, std::vector<OfflineMessage>> offline;
  std::map<UserKey, std::string> vcards;
  std::map<UserKey, std::map<std::string, std::string>> private_storage;  // by namespace
  std::map<UserKey, LastActivity> last;
  std::map<UserKey, std::set<std::string>> blocking;
};

}  // namespace meerkat::storage::memory
