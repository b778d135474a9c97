// SPDX-License-Identifier: Apache-2.0
// OfflineStore over SQLite: offline_messages, in arrival order by their AUTOINCREMENT id.
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

std::int64_t to_microseconds(std::chrono::system_clock::time_point stamp) {
  return std::chrono::floor<std::chrono::microseconds>(stamp.time_since_epoch()).count();
}

std::chrono::system_clock::time_point from_microseconds(std::int64_t stored) {
  return std::chrono::system_clock::time_point(std::chrono::microseconds(stored));
}

Result<std::uint64_t> count_messages(sqlite3* db, const std::string& user,
                                     const std::string& host) {
  auto select = Statement::prepare(
      db, "SELECT count(*) FROM offline_messages WHERE host = ?1 AND user = ?2", host, user);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  return static_cast<std::uint64_t>(select->integer(0));
}

Result<bool> store_message(sqlite3* db, const std::string& user, const std::string& host,
                           const OfflineMessage& message, std::uint64_t max_messages) {
  // A write transaction from the start: the count and the insert see the same table.
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto stored = count_messages(db, user, host);
  if (!stored) return stored.error();
  if (*stored >= max_messages) return false;
  auto insert = Statement::prepare(
      db,
      "INSERT INTO offline_messages (host, user, from_jid, to_jid, stamp_us, stanza) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      host, user, message.from, message.to, to_microseconds(message.stamp), message.stanza);
  if (!insert) return insert.error();
  if (auto done = insert->run(); !done) return done.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return true;
}

Result<std::vector<OfflineMessage>> read_messages(sqlite3* db, const std::string& user,
                                                  const std::string& host) {
  auto select =
      Statement::prepare(db,
                         "SELECT from_jid, to_jid, stamp_us, stanza FROM offline_messages "
                         "WHERE host = ?1 AND user = ?2 ORDER BY id",
                         host, user);
  if (!select) return select.error();
  std::vector<OfflineMessage> messages;
  auto read = select->each([&](const Statement& row) -> Result<void> {
    messages.push_back({.from = row.text(0),
                        .to = row.text(1),
                        .stamp = from_microseconds(row.integer(2)),
                        .stanza = row.text(3)});
    return {};
  });
  if (!read) return read.error();
  return messages;
}

Result<std::vector<OfflineMessage>> take_messages(sqlite3* db, const std::string& user,
                                                  const std::string& host) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto messages = read_messages(db, user, host);
  if (!messages) return messages.error();
  auto remove = Statement::prepare(db, "DELETE FROM offline_messages WHERE host = ?1 AND user = ?2",
                                   host, user);
  if (!remove) return remove.error();
  if (auto done = remove->run(); !done) return done.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return messages;
}

class SqliteOfflineStore final : public OfflineStore {
 public:
  explicit SqliteOfflineStore(std::shared_ptr<SqliteDatabase> database)
      : db_(std::move(database)) {}

  boost::asio::awaitable<Result<bool>> store(std::string user, std::string host,
                                             OfflineMessage message,
                                             std::uint64_t max_messages) override {
    auto work = [user = std::move(user), host = std::move(host), message = std::move(message),
                 max_messages](sqlite3* db) {
      return store_message(db, user, host, message, max_messages);
    };
    auto stored = co_await db_->run("offline store", std::move(work));
    co_return stored;
  }

  boost::asio::awaitable<Result<std::vector<OfflineMessage>>> take_all(std::string user,
                                                                       std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return take_messages(db, user, host);
    };
    auto messages = co_await db_->run("offline take_all", std::move(work));
    co_return messages;
  }

  boost::asio::awaitable<Result<std::uint64_t>> count(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return count_messages(db, user, host);
    };
    auto counted = co_await db_->run("offline count", std::move(work));
    co_return counted;
  }

  boost::asio::awaitable<Result<std::uint64_t>> remove_older_than(
      std::string host, std::chrono::system_clock::time_point cutoff) override {
    auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(cutoff.time_since_epoch()).count();
    auto work = [host = std::move(host), us](sqlite3* db) -> Result<std::uint64_t> {
      auto remove = Statement::prepare(
          db, "DELETE FROM offline_messages WHERE host = ?1 AND stamp_us < ?2", host, us);
      if (!remove) return remove.error();
      if (auto done = remove->run(); !done) return done.error();
      return static_cast<std::uint64_t>(sqlite3_changes(db));
    };
    auto removed = co_await db_->run("offline remove old", std::move(work));
    co_return removed;
  }

  boost::asio::awaitable<Result<std::vector<OfflineMessage>>> peek_all(std::string user,
                                                                       std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_messages(db, user, host);
    };
    auto messages = co_await db_->run("offline peek", std::move(work));
    co_return messages;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<OfflineStore> make_sqlite_offline_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteOfflineStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
