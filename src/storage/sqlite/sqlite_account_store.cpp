// SPDX-License-Identifier: Apache-2.0
// AccountStore over SQLite: the accounts table; remove() also clears every per-user table.
#include <array>
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

// Every table holding per-user data; remove() empties them for the user. roster_groups
// comes before roster_items so the result does not depend on foreign-key cascades.
constexpr std::array kUserTables = {
    "DELETE FROM roster_groups WHERE host = ?1 AND user = ?2",
    "DELETE FROM roster_items WHERE host = ?1 AND user = ?2",
    "DELETE FROM roster_versions WHERE host = ?1 AND user = ?2",
    "DELETE FROM offline_messages WHERE host = ?1 AND user = ?2",
    "DELETE FROM vcards WHERE host = ?1 AND user = ?2",
    "DELETE FROM private_storage WHERE host = ?1 AND user = ?2",
    "DELETE FROM last_activity WHERE host = ?1 AND user = ?2",
    "DELETE FROM blocking WHERE host = ?1 AND user = ?2",
    "DELETE FROM auth_tokens WHERE host = ?1 AND user = ?2",
};

Result<bool> create_account(sqlite3* db, const std::string& user, const std::string& host,
                            const std::string& record) {
  auto insert =
      Statement::prepare(db,
                         "INSERT INTO accounts (host, user, password_record) VALUES (?1, ?2, ?3) "
                         "ON CONFLICT DO NOTHING",
                         host, user, record);
  if (!insert) return insert.error();
  if (auto done = insert->run(); !done) return done.error();
  return sqlite3_changes(db) > 0;
}

Result<std::optional<std::string>> read_record(sqlite3* db, const std::string& user,
                                               const std::string& host) {
  auto select = Statement::prepare(
      db, "SELECT password_record FROM accounts WHERE host = ?1 AND user = ?2", host, user);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::nullopt;
  return select->text(0);
}

Result<bool> update_record(sqlite3* db, const std::string& user, const std::string& host,
                           const std::string& record) {
  auto update = Statement::prepare(
      db, "UPDATE accounts SET password_record = ?3 WHERE host = ?1 AND user = ?2", host, user,
      record);
  if (!update) return update.error();
  if (auto done = update->run(); !done) return done.error();
  return sqlite3_changes(db) > 0;
}

Result<bool> remove_account(sqlite3* db, const std::string& user, const std::string& host) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto remove =
      Statement::prepare(db, "DELETE FROM accounts WHERE host = ?1 AND user = ?2", host, user);
  if (!remove) return remove.error();
  if (auto done = remove->run(); !done) return done.error();
  const bool existed = sqlite3_changes(db) > 0;
  for (const char* sql : kUserTables) {
    auto clear = Statement::prepare(db, sql, host, user);
    if (!clear) return clear.error();
    if (auto done = clear->run(); !done) return done.error();
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return existed;
}

Result<std::vector<std::string>> list_users(sqlite3* db, const std::string& host) {
  auto select =
      Statement::prepare(db, "SELECT user FROM accounts WHERE host = ?1 ORDER BY user", host);
  if (!select) return select.error();
  std::vector<std::string> users;
  auto read = select->each([&](const Statement& row) -> Result<void> {
    users.push_back(row.text(0));
    return {};
  });
  if (!read) return read.error();
  return users;
}

Result<std::uint64_t> count_users(sqlite3* db, const std::string& host) {
  auto select = Statement::prepare(db, "SELECT count(*) FROM accounts WHERE host = ?1", host);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  return static_cast<std::uint64_t>(select->integer(0));
}

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(std::shared_ptr<SqliteDatabase> database)
      : db_(std::move(database)) {}

  boost::asio::awaitable<Result<bool>> create(std::string user, std::string host,
                                              std::string password_record) override {
    auto work = [user = std::move(user), host = std::move(host),
                 record = std::move(password_record)](sqlite3* db) {
      return create_account(db, user, host, record);
    };
    auto created = co_await db_->run("account create", std::move(work));
    co_return created;
  }

  boost::asio::awaitable<Result<std::optional<std::string>>> password_record(
      std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_record(db, user, host);
    };
    auto record = co_await db_->run("account password_record", std::move(work));
    co_return record;
  }

  boost::asio::awaitable<Result<bool>> set_password_record(std::string user, std::string host,
                                                           std::string record) override {
    auto work = [user = std::move(user), host = std::move(host), record = std::move(record)](
                    sqlite3* db) { return update_record(db, user, host, record); };
    auto updated = co_await db_->run("account set_password_record", std::move(work));
    co_return updated;
  }

  boost::asio::awaitable<Result<bool>> remove(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return remove_account(db, user, host);
    };
    auto removed = co_await db_->run("account remove", std::move(work));
    co_return removed;
  }

  boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string host) override {
    auto work = [host = std::move(host)](sqlite3* db) { return list_users(db, host); };
    auto users = co_await db_->run("account list", std::move(work));
    co_return users;
  }

  boost::asio::awaitable<Result<std::uint64_t>> count(std::string host) override {
    auto work = [host = std::move(host)](sqlite3* db) { return count_users(db, host); };
    auto counted = co_await db_->run("account count", std::move(work));
    co_return counted;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<AccountStore> make_sqlite_account_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteAccountStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
