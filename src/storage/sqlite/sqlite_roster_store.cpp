// SPDX-License-Identifier: Apache-2.0
// RosterStore over SQLite: roster_items, their roster_groups, and one roster_versions row per
// user whose roster ever changed (XEP-0237).
#include <map>
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

constexpr const char* kSelectItems =
    "SELECT jid, name, subscription, pending_out, pending_in, approved, pending_in_status, "
    "in_roster "
    "FROM roster_items WHERE host = ?1 AND user = ?2 AND (?3 IS NULL OR jid = ?3) ORDER BY jid";
constexpr const char* kSelectGroups =
    "SELECT jid, name FROM roster_groups WHERE host = ?1 AND user = ?2 "
    "AND (?3 IS NULL OR jid = ?3) ORDER BY jid, position";

Result<Subscription> subscription_from(std::int64_t stored) {
  switch (stored) {
    case 0: return Subscription::kNone;
    case 1: return Subscription::kTo;
    case 2: return Subscription::kFrom;
    case 3: return Subscription::kBoth;
    default: return Error::internal("roster item with unknown subscription value");
  }
}

std::int64_t subscription_to(Subscription subscription) {
  switch (subscription) {
    case Subscription::kNone: return 0;
    case Subscription::kTo: return 1;
    case Subscription::kFrom: return 2;
    case Subscription::kBoth: return 3;
  }
  return 0;
}

Result<RosterItem> item_from(const Statement& row) {
  auto subscription = subscription_from(row.integer(2));
  if (!subscription) return subscription.error();
  return RosterItem{.jid = row.text(0),
                    .name = row.text(1),
                    .subscription = *subscription,
                    .pending_out = row.integer(3) != 0,
                    .pending_in = row.integer(4) != 0,
                    .approved = row.integer(5) != 0,
                    .groups = {},
                    .pending_in_status = row.text(6),
                    .in_roster = row.integer(7) != 0};
}

// The user's items, or only `jid` when it is set (?3 stays unbound, so NULL, otherwise).
Result<std::vector<RosterItem>> read_items(sqlite3* db, const std::string& user,
                                           const std::string& host, const std::string* jid) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kRead);
  if (!transaction) return transaction.error();
  std::vector<RosterItem> items;
  std::map<std::string, std::size_t> index_of;
  auto select_items = jid ? Statement::prepare(db, kSelectItems, host, user, *jid)
                          : Statement::prepare(db, kSelectItems, host, user);
  if (!select_items) return select_items.error();
  auto read = select_items->each([&](const Statement& row) -> Result<void> {
    auto item = item_from(row);
    if (!item) return item.error();
    index_of.emplace(item->jid, items.size());
    items.push_back(std::move(*item));
    return {};
  });
  if (!read) return read.error();
  auto select_groups = jid ? Statement::prepare(db, kSelectGroups, host, user, *jid)
                           : Statement::prepare(db, kSelectGroups, host, user);
  if (!select_groups) return select_groups.error();
  read = select_groups->each([&](const Statement& row) -> Result<void> {
    if (auto found = index_of.find(row.text(0)); found != index_of.end()) {
      items[found->second].groups.push_back(row.text(1));
    }
    return {};
  });
  if (!read) return read.error();
  return items;
}

Result<std::uint64_t> read_version(sqlite3* db, const std::string& user, const std::string& host) {
  auto select = Statement::prepare(
      db, "SELECT version FROM roster_versions WHERE host = ?1 AND user = ?2", host, user);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  return *row ? static_cast<std::uint64_t>(select->integer(0)) : 0;
}

Result<std::uint64_t> bump_version(sqlite3* db, const std::string& user, const std::string& host) {
  auto upsert = Statement::prepare(
      db,
      "INSERT INTO roster_versions (host, user, version) VALUES (?1, ?2, 1) "
      "ON CONFLICT (host, user) DO UPDATE SET version = version + 1 RETURNING version",
      host, user);
  if (!upsert) return upsert.error();
  auto row = upsert->next();
  if (!row) return row.error();
  const auto version = static_cast<std::uint64_t>(upsert->integer(0));
  if (auto done = upsert->run(); !done) return done.error();
  return version;
}

Result<void> write_groups(sqlite3* db, const std::string& user, const std::string& host,
                          const RosterItem& item) {
  auto clear =
      Statement::prepare(db, "DELETE FROM roster_groups WHERE host = ?1 AND user = ?2 AND jid = ?3",
                         host, user, item.jid);
  if (!clear) return clear.error();
  if (auto done = clear->run(); !done) return done.error();
  std::int64_t position = 0;
  for (const auto& group : item.groups) {
    // OR IGNORE: a repeated group name keeps its first position.
    auto insert =
        Statement::prepare(db,
                           "INSERT OR IGNORE INTO roster_groups (host, user, jid, name, position) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)",
                           host, user, item.jid, group, position++);
    if (!insert) return insert.error();
    if (auto done = insert->run(); !done) return done.error();
  }
  return {};
}

Result<std::uint64_t> put_item(sqlite3* db, const std::string& user, const std::string& host,
                               const RosterItem& item) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto upsert = Statement::prepare(
      db,
      "INSERT INTO roster_items (host, user, jid, name, subscription, pending_out, "
      "pending_in, approved, pending_in_status, in_roster) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (host, user, jid) DO UPDATE SET name = ?4, subscription = ?5, "
      "pending_out = ?6, pending_in = ?7, approved = ?8, pending_in_status = ?9, in_roster = ?10",
      host, user, item.jid, item.name, subscription_to(item.subscription), item.pending_out,
      item.pending_in, item.approved, item.pending_in_status, item.in_roster);
  if (!upsert) return upsert.error();
  if (auto done = upsert->run(); !done) return done.error();
  if (auto groups = write_groups(db, user, host, item); !groups) return groups.error();
  auto version = bump_version(db, user, host);
  if (!version) return version.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return *version;
}

Result<std::uint64_t> remove_roster_item(sqlite3* db, const std::string& user,
                                         const std::string& host, const std::string& jid) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto remove = Statement::prepare(
      db, "DELETE FROM roster_items WHERE host = ?1 AND user = ?2 AND jid = ?3", host, user, jid);
  if (!remove) return remove.error();
  if (auto done = remove->run(); !done) return done.error();
  // roster_groups rows go by the foreign key's ON DELETE CASCADE.
  auto version =
      sqlite3_changes(db) > 0 ? bump_version(db, user, host) : read_version(db, user, host);
  if (!version) return version.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return *version;
}

Result<Roster> read_roster(sqlite3* db, const std::string& user, const std::string& host) {
  auto items = read_items(db, user, host, nullptr);
  if (!items) return items.error();
  auto version = read_version(db, user, host);
  if (!version) return version.error();
  return Roster{.version = *version, .items = std::move(*items)};
}

Result<std::optional<RosterItem>> read_item(sqlite3* db, const std::string& user,
                                            const std::string& host, const std::string& jid) {
  auto items = read_items(db, user, host, &jid);
  if (!items) return items.error();
  if (items->empty()) return std::nullopt;
  return std::move(items->front());
}

class SqliteRosterStore final : public RosterStore {
 public:
  explicit SqliteRosterStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  boost::asio::awaitable<Result<Roster>> roster(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_roster(db, user, host);
    };
    auto roster = co_await db_->run("roster get", std::move(work));
    co_return roster;
  }

  boost::asio::awaitable<Result<std::optional<RosterItem>>> item(std::string user, std::string host,
                                                                 std::string jid) override {
    auto work = [user = std::move(user), host = std::move(host),
                 jid = std::move(jid)](sqlite3* db) { return read_item(db, user, host, jid); };
    auto item = co_await db_->run("roster item", std::move(work));
    co_return item;
  }

  boost::asio::awaitable<Result<std::uint64_t>> put(std::string user, std::string host,
                                                    RosterItem item) override {
    auto work = [user = std::move(user), host = std::move(host),
                 item = std::move(item)](sqlite3* db) { return put_item(db, user, host, item); };
    auto version = co_await db_->run("roster put", std::move(work));
    co_return version;
  }

  boost::asio::awaitable<Result<std::uint64_t>> remove_item(std::string user, std::string host,
                                                            std::string jid) override {
    auto work = [user = std::move(user), host = std::move(host), jid = std::move(jid)](
                    sqlite3* db) { return remove_roster_item(db, user, host, jid); };
    auto version = co_await db_->run("roster remove_item", std::move(work));
    co_return version;
  }

  boost::asio::awaitable<Result<std::uint64_t>> version(std::string user,
                                                        std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_version(db, user, host);
    };
    auto version = co_await db_->run("roster version", std::move(work));
    co_return version;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<RosterStore> make_sqlite_roster_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteRosterStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
