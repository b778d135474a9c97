// SPDX-License-Identifier: Apache-2.0
// AuthTokenStore over SQLite: one auth_tokens row per user that was issued a refresh token.
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

Result<std::optional<std::int64_t>> select_sequence(sqlite3* db, const std::string& user,
                                                    const std::string& host) {
  auto select = Statement::prepare(
      db, "SELECT sequence FROM auth_tokens WHERE host = ?1 AND user = ?2", host, user);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::nullopt;
  return select->integer(0);
}

class SqliteAuthTokenStore final : public AuthTokenStore {
 public:
  explicit SqliteAuthTokenStore(std::shared_ptr<SqliteDatabase> database)
      : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::optional<std::int64_t>>> sequence(std::string user,
                                                                       std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return select_sequence(db, user, host);
    };
    auto number = co_await db_->run("auth token sequence", std::move(work));
    co_return number;
  }

  boost::asio::awaitable<Result<std::int64_t>> current_or_start(std::string user,
                                                                std::string host) override {
    auto work = [user = std::move(user),
                 host = std::move(host)](sqlite3* db) -> Result<std::int64_t> {
      auto insert = Statement::prepare(db,
                                       "INSERT INTO auth_tokens (host, user, sequence) "
                                       "VALUES (?1, ?2, 1) ON CONFLICT DO NOTHING",
                                       host, user);
      if (!insert) return insert.error();
      if (auto done = insert->run(); !done) return done.error();
      auto number = select_sequence(db, user, host);
      if (!number) return number.error();
      return number->value_or(1);
    };
    auto number = co_await db_->run("auth token start", std::move(work));
    co_return number;
  }

  boost::asio::awaitable<Result<bool>> revoke(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) -> Result<bool> {
      auto update = Statement::prepare(
          db, "UPDATE auth_tokens SET sequence = sequence + 1 WHERE host = ?1 AND user = ?2", host,
          user);
      if (!update) return update.error();
      if (auto done = update->run(); !done) return done.error();
      return sqlite3_changes(db) > 0;
    };
    auto revoked = co_await db_->run("auth token revoke", std::move(work));
    co_return revoked;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<AuthTokenStore> make_sqlite_auth_token_store(
    std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteAuthTokenStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
