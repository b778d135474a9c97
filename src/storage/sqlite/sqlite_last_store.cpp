// SPDX-License-Identifier: Apache-2.0
// LastStore over SQLite (XEP-0012): one last_activity row per user.
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

Result<std::optional<LastActivity>> read_last(sqlite3* db, const std::string& user,
                                              const std::string& host) {
  auto select = Statement::prepare(
      db, "SELECT seconds, status FROM last_activity WHERE host = ?1 AND user = ?2", host, user);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::nullopt;
  return LastActivity{.seconds_since_epoch = select->integer(0), .status = select->text(1)};
}

Result<void> write_last(sqlite3* db, const std::string& user, const std::string& host,
                        const LastActivity& activity) {
  auto upsert = Statement::prepare(
      db,
      "INSERT INTO last_activity (host, user, seconds, status) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (host, user) DO UPDATE SET seconds = ?3, status = ?4",
      host, user, activity.seconds_since_epoch, activity.status);
  if (!upsert) return upsert.error();
  return upsert->run();
}

class SqliteLastStore final : public LastStore {
 public:
  explicit SqliteLastStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::optional<LastActivity>>> get(std::string user,
                                                                  std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_last(db, user, host);
    };
    auto activity = co_await db_->run("last get", std::move(work));
    co_return activity;
  }

  boost::asio::awaitable<Result<void>> set(std::string user, std::string host,
                                           LastActivity activity) override {
    auto work = [user = std::move(user), host = std::move(host), activity = std::move(activity)](
                    sqlite3* db) { return write_last(db, user, host, activity); };
    auto written = co_await db_->run("last set", std::move(work));
    co_return written;
  }

  boost::asio::awaitable<Result<std::vector<std::pair<std::string, LastActivity>>>> list(
      std::string host) override {
    using Rows = std::vector<std::pair<std::string, LastActivity>>;
    auto work = [host = std::move(host)](sqlite3* db) -> Result<Rows> {
      auto select = Statement::prepare(
          db, "SELECT user, seconds, status FROM last_activity WHERE host = ?1 ORDER BY user",
          host);
      if (!select) return select.error();
      Rows rows;
      for (;;) {
        auto row = select->next();
        if (!row) return row.error();
        if (!*row) return rows;
        rows.emplace_back(select->text(0), LastActivity{select->integer(1), select->text(2)});
      }
    };
    auto rows = co_await db_->run("last list", std::move(work));
    co_return rows;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<LastStore> make_sqlite_last_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteLastStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
