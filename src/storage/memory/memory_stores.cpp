// SPDX-License-Identifier: Apache-2.0
// Every in-memory store. Each locks the shared MemoryDatabase for one call; no call suspends.
#include "storage/memory/memory_stores.hpp"

#include <algorithm>
#include <memory>
#include <utility>

#include "storage/memory/memory_database.hpp"

namespace meerkat::storage::memory {
namespace {

using Lock = std::lock_guard<std::mutex>;

// The success value of the Result<void> calls.
Result<void> succeeded() { return {}; }

class MemoryStore {
 public:
  explicit MemoryStore(std::shared_ptr<MemoryDatabase> database) : db_(std::move(database)) {}

 protected:
  std::shared_ptr<MemoryDatabase> db_;
};

class MemoryAccountStore final : public AccountStore, MemoryStore {
 public:
  using MemoryStore::MemoryStore;

  boost::asio::awaitable<Result<bool>> create(std::string user, std::string host,
                                              std::string password_record) override {
    Lock lock(db_->mutex);
    auto key = UserKey(std::move(host), std::move(user));
    co_return db_->accounts.try_emplace(std::move(key), std::move(password_record)).second;
  }

  boost::asio::awaitable<Result<std::optional<std::string>>> password_record(
      std::string user, std::string host) override {
    Lock lock(db_->mutex);
    std::optional<std::string> record;
    if (auto found = db_->accounts.find({host, user}); found != db_->accounts.end()) {
      record = found->second;
    }
    co_return record;
  }

  boost::asio::awaitable<Result<bool>> set_password_record(std::string user, std::string host,
                                                           std::string record) override {
    Lock lock(db_->mutex);
    auto found = db_->accounts.find({host, user});
    if (found == db_->accounts.end()) co_return false;
    found->second = std::move(record);
    co_return true;
  }

  boost::asio::awaitable<Result<bool>> remove(std::string user, std::string host) override {
    Lock lock(db_->mutex);
    const UserKey key(std::move(host), std::move(user));
    const bool existed = db_->accounts.erase(key) > 0;
    db_->rosters.erase(key);
    db_->offline.erase(key);
    db_->vcards.erase(key);
    db_->private_storage.erase(key);
    db_->last.erase(key);
    db_->blocking.erase(key);
    co_return existed;
  }

  boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string host) override {
    Lock lock(db_->mutex);
    std::vector<std::string> users;
    for (auto it = db_->accounts.lower_bound({host, ""});
         it != db_->accounts.end() && it->first.first == host; ++it) {
      users.push_back(it->first.second);
    }
    co_return users;
  }

  boost::asio::awaitable<Result<std::uint64_t>> count(std::string host) override {
    Lock lock(db_->mutex);
    std::uint64_t users = 0;
    for (auto it = db_->accounts.lower_bound({host, ""});
         it != db_->accounts.end() && it->first.first == host; ++it) {
      ++users;
    }
    co_return users;
  }
};

// RosterItem::groups is a set: a repeated name keeps its first position.
std::vector<std::string> distinct_groups(std::vector<std::string> groups) {
  std::vector<std::string> distinct;
  for (auto& group : groups) {
    if (std::find(distinct.begin(), distinct.end(), group) == distinct.end()) {
      distinct.push_back(std::move(group));
    }
  }
  return distinct;
}

class MemoryRosterStore final : public RosterStore, MemoryStore {
 public:
  using MemoryStore::MemoryStore;

  boost::asio::awaitable<Result<Roster>> roster(std::string user, std::string host) override {
    Lock lock(db_->mutex);
    Roster roster;
    if (auto found = db_->rosters.find({host, user}); found != db_->rosters.end()) {
      roster.version = found->second.version;
      for (const auto& [jid, item] : found->second.items) roster.items.push_back(item);
    }
    co_return roster;
  }

  boost::asio::awaitable<Result<std::optional<RosterItem>>> item(std::string user, std::string host,
                                                                 std::string jid) override {
    Lock lock(db_->mutex);
    std::optional<RosterItem> item;
    if (auto found = db_->rosters.find({host, user}); found != db_->rosters.end()) {
      if (auto it = found->second.items.find(jid); it != found->second.items.end()) {
        item = it->second;
      }
    }
    co_return item;
  }

  boost::asio::awaitable<Result<std::uint64_t>> put(std::string user, std::string host,
                                                    RosterItem item) override {
    Lock lock(db_->mutex);
    auto& roster = db_->rosters[{std::move(host), std::move(user)}];
    item.groups = distinct_groups(std::move(item.groups));
    auto jid = item.jid;
    roster.items.insert_or_assign(std::move(jid), std::move(item));
    co_return ++roster.version;
  }

  boost::asio::awaitable<Result<std::uint64_t>> remove_item(std::string user, std::string host,
                                                            std::string jid) override {
    Lock lock(db_->mutex);
    auto found = db_->rosters.find({host, user});
    if (found == db_->rosters.end()) co_return 0;
    if (found->second.items.erase(jid) > 0) ++found->second.version;
    co_return found->second.version;
  }

  boost::asio::awaitable<Result<std::uint64_t>> version(std::string user,
                                                        std::string host) override {
    Lock lock(db_->mutex);
    auto found = db_->rosters.find({host, user});
    co_return found == db_->rosters.end() ? 0 : found->second.version;
  }
};

class MemoryOfflineStore final : public OfflineStore, MemoryStore {
 public:
  using MemoryStore::MemoryStore;

  boost::asio::awaitable<Result<bool>> store(std::string user, std::string host,
                                             OfflineMessage message,
                                             std::uint64_t max_messages) override {
    Lock lock(db_->mutex);
    auto& messages = db_->offline[{std::move(host), std::move(user)}];
    if (messages.size() >= max_messages) co_return false;
    // The SQLite backend keeps microseconds; so does this one, so tests see one behaviour.
    message.stamp = std::chrono::floor<std::chrono::microseconds>(message.stamp);
    messages.push_back(std::move(message));
    co_return true;
  }

  boost::asio::awaitable<Result<std::vector<OfflineMessage>>> take_all(std::string user,
                                                                       std::string host) override {
    Lock lock(db_->mutex);
    std::vector<OfflineMessage> messages;
    if (auto found = db_->offline.find({host, user}); found != db_->offline.end()) {
      messages = std::move(found->second);
      db_->offline.erase(found);
    }
    co_return messages;
  }

  boost::asio::awaitable<Result<std::uint64_t>> count(std::string user, std::string host) override {
    Lock lock(db_->mutex);
    auto found = db_->offline.find({host, user});
    co_return found == db_->offline.end() ? 0 : found->second.size();
  }

  boost::asio::awaitable<Result<std::vector<OfflineMessage>>> peek_all(std::string user,
                                                                       std::string host) override {
    Lock lock(db_->mutex);
    std::vector<OfflineMessage> messages;
    if (auto found = db_->offline.find({host, user}); found != db_->offline.end()) {
      messages = found->second;
    }
    co_return messages;
  }

  boost::asio::awaitable<Result<std::uint64_t>> remove_older_than(
      std::string host, std::chrono::system_clock::time_point cutoff) override {
    Lock lock(db_->mutex);
    std::uint64_t removed = 0;
    for (auto& [key, messages] : db_->offline) {
      if (key.first != host) continue;
      removed += std::erase_if(messages, [cutoff](const auto& m) { return m.stamp < cutoff; });
    }
    co_return removed;
  }
};

class MemoryVcardStore final : public VcardStore, MemoryStore {
 public:
  using MemoryStore::MemoryStore;

  boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string user,
                                                                 std::string host) override {
    Lock lock(db_->mutex);
    std::optional<std::string> xml;
    if (auto found = db_->vcards.find({host, user}); found != db_->vcards.end()) {
      xml = found->second;
    }
    co_return xml;
  }

  boost::asio::awaitable<Result<void>> set(std::string user, std::string host,
                                           std::string xml) override {
    Lock lock(db_->mutex);
    db_->vcards[{std::move(host), std::move(user)}] = std::move(xml);
    co_return succeeded();
  }
};

class MemoryPrivateStore final : public PrivateStore, MemoryStore {
 public:
  using MemoryStore::MemoryStore;

  boost::asio::awaitable<Result<std::vector<std::pair<std::string, std::string>>>> all(
      std::string user, std::string host) override {
    Lock lock(db_->mutex);
    std::vector<std::pair<std::string, std::string>> out;
    if (auto found = db_->private_storage.find({host, user}); found != db_->private_storage.end()) {
      out.assign(found->second.begin(), found->second.end());
    }
    co_return out;
  }

  boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string user, std::string host,
                                                                 std::string xmlns) override {
    Lock lock(db_->mutex);
    std::optional<std::string> xml;
    if (auto found = db_->private_storage.find({host, user}); found != db_->private_storage.end()) {
      if (auto it = found->second.find(xmlns); it != found->second.end()) xml = it->second;
    }
    co_return xml;
  }

  boost::asio::awaitable<Result<void>> set(
      std::string user, std::string host,
      std::vector<std::pair<std::string, std::string>> ns_and_xml) override {
    Lock lock(db_->mutex);
    auto& stored = db_->private_storage[{std::move(host), std::move(user)}];
    for (auto& [xmlns, xml] : ns_and_xml) stored[std::move(xmlns)] = std::move(xml);
    co_return succeeded();
  }
};

class MemoryLastStore final : public LastStore, MemoryStore {
 public:
  using MemoryStore::MemoryStore;

  boost::asio::awaitable<Result<std::optional<LastActivity>>> get(std::string user,
                                                                  std::string host) override {
    Lock lock(db_->mutex);
    std::optional<LastActivity> activity;
    if (auto found = db_->last.find({host, user}); found != db_->last.end()) {
      activity = found->second;
    }
    co_return activity;
  }

  boost::asio::awaitable<Result<void>> set(std::string user, std::string host,
                                           LastActivity activity) override {
    Lock lock(db_->mutex);
    db_->last[{std::move(host), std::move(user)}] = std::move(activity);
    co_return succeeded();
  }

  boost::asio::awaitable<Result<std::vector<std::pair<std::string, LastActivity>>>> list(
      std::string host) override {
    Lock lock(db_->mutex);
    std::vector<std::pair<std::string, LastActivity>> rows;
    for (const auto& [key, activity] : db_->last) {
      if (key.first == host) rows.emplace_back(key.second, activity);
    }
    co_return rows;
  }
};

class MemoryBlockingStore final : public BlockingStore, MemoryStore {
 public:
  using MemoryStore::MemoryStore;

  boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string user,
                                                                std::string host) override {
    Lock lock(db_->mutex);
    std::vector<std::string> jids;
    if (auto found = db_->blocking.find({host, user}); found != db_->blocking.end()) {
      jids.assign(found->second.begin(), found->second.end());
    }
    co_return jids;
  }

  boost::asio::awaitable<Result<void>> add(std::string user, std::string host,
                                           std::vector<std::string> jids) override {
    Lock lock(db_->mutex);
    auto& blocked = db_->blocking[{std::move(host), std::move(user)}];
    for (auto& jid : jids) blocked.insert(std::move(jid));
    co_return succeeded();
  }

  boost::asio::awaitable<Result<void>> remove(std::string user, std::string host,
                                              std::vector<std::string> jids) override {
    Lock lock(db_->mutex);
    if (auto found = db_->blocking.find({host, user}); found != db_->blocking.end()) {
      for (const auto& jid : jids) found->second.erase(jid);
    }
    co_return succeeded();
  }

  boost::asio::awaitable<Result<void>> clear(std::string user, std::string host) override {
    Lock lock(db_->mutex);
    db_->blocking.erase({host, user});
    co_return succeeded();
  }
};

}  // namespace

Stores make_memory_stores() {
  auto database = std::make_shared<MemoryDatabase>();
  Stores stores;
  stores.accounts = std::make_unique<MemoryAccountStore>(database);
  stores.roster = std::make_unique<MemoryRosterStore>(database);
  stores.offline = std::make_unique<MemoryOfflineStore>(database);
  stores.vcard = std::make_unique<MemoryVcardStore>(database);
  stores.private_storage = std::make_unique<MemoryPrivateStore>(database);
  stores.last = std::make_unique<MemoryLastStore>(database);
  stores.blocking = std::make_unique<MemoryBlockingStore>(database);
  stores.backend = std::move(database);
  return stores;
}

}  // namespace meerkat::storage::memory
