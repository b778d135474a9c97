// SPDX-License-Identifier: Apache-2.0
// BlockingStore over SQLite (XEP-0191): one blocking row per (user, blocked JID).
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

Result<std::vector<std::string>> read_blocked(sqlite3* db, const std::string& user,
                                              const std::string& host) {
  auto select = Statement::prepare(
      db, "SELECT jid FROM blocking WHERE host = ?1 AND user = ?2 ORDER BY jid", host, user);
  if (!select) return select.error();
  std::vector<std::string> jids;
  auto read = select->each([&](const Statement& row) -> Result<void> {
    jids.push_back(row.text(0));
    return {};
  });
  if (!read) return read.error();
  return jids;
}

// Runs `sql` once per JID (?3), all in one transaction.
Result<void> for_each_jid(sqlite3* db, const char* sql, const std::string& user,
                          const std::string& host, const std::vector<std::string>& jids) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  for (const auto& jid : jids) {
    auto statement = Statement::prepare(db, sql, host, user, jid);
    if (!statement) return statement.error();
    if (auto done = statement->run(); !done) return done.error();
  }
  return transaction->commit();
}

Result<void> clear_blocked(sqlite3* db, const std::string& user, const std::string& host) {
  auto remove =
      Statement::prepare(db, "DELETE FROM blocking WHERE host = ?1 AND user = ?2", host, user);
  if (!remove) return remove.error();
  return remove->run();
}

class SqliteBlockingStore final : public BlockingStore {
 public:
  explicit SqliteBlockingStore(std::shared_ptr<SqliteDatabase> database)
      : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string user,
                                                                std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_blocked(db, user, host);
    };
    auto jids = co_await db_->run("blocking list", std::move(work));
    co_return jids;
  }

  boost::asio::awaitable<Result<void>> add(std::string user, std::string host,
                                           std::vector<std::string> jids) override {
    auto work = [user = std::move(user), host = std::move(host),
                 jids = std::move(jids)](sqlite3* db) {
      return for_each_jid(db,
                          "INSERT OR IGNORE INTO blocking (host, user, jid) VALUES (?1, ?2, ?3)",
                          user, host, jids);
    };
    auto added = co_await db_->run("blocking add", std::move(work));
    co_return added;
  }

  boost::asio::awaitable<Result<void>> remove(std::string user, std::string host,
                                              std::vector<std::string> jids) override {
    auto work = [user = std::move(user), host = std::move(host),
                 jids = std::move(jids)](sqlite3* db) {
      return for_each_jid(db, "DELETE FROM blocking WHERE host = ?1 AND user = ?2 AND jid = ?3",
                          user, host, jids);
    };
    auto removed = co_await db_->run("blocking remove", std::move(work));
    co_return removed;
  }

  boost::asio::awaitable<Result<void>> clear(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return clear_blocked(db, user, host);
    };
    auto cleared = co_await db_->run("blocking clear", std::move(work));
    co_return cleared;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<BlockingStore> make_sqlite_blocking_store(
    std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteBlockingStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
