// SPDX-License-Identifier: Apache-2.0
// PushStore over SQLite: one push_registrations row per (user, pubsub JID, node).
#include <utility>

#include "storage/push_store.hpp"
#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

Result<void> upsert(sqlite3* db, const std::string& user, const std::string& host,
                    const PushRegistration& r) {
  auto insert =
      Statement::prepare(db,
                         "INSERT INTO push_registrations (host, user, pubsub_jid, node, form) "
                         "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (host, user, pubsub_jid, node) "
                         "DO UPDATE SET form = ?5",
                         host, user, r.pubsub_jid, r.node, r.form);
  if (!insert) return insert.error();
  return insert->run();
}

Result<std::size_t> remove(sqlite3* db, const std::string& user, const std::string& host,
                           const std::string& jid, const std::optional<std::string>& node) {
  auto statement =
      node ? Statement::prepare(db,
                                "DELETE FROM push_registrations WHERE host = ?1 AND user = ?2 "
                                "AND pubsub_jid = ?3 AND node = ?4",
                                host, user, jid, *node)
           : Statement::prepare(db,
                                "DELETE FROM push_registrations WHERE host = ?1 AND user = ?2 "
                                "AND pubsub_jid = ?3",
                                host, user, jid);
  if (!statement) return statement.error();
  if (auto done = statement->run(); !done) return done.error();
  return static_cast<std::size_t>(sqlite3_changes(db));
}

Result<std::vector<PushRegistration>> read(sqlite3* db, const std::string& user,
                                           const std::string& host) {
  auto select = Statement::prepare(
      db,
      "SELECT pubsub_jid, node, form FROM push_registrations WHERE host = ?1 AND user = ?2 "
      "ORDER BY pubsub_jid, node",
      host, user);
  if (!select) return select.error();
  std::vector<PushRegistration> found;
  auto rows = select->each([&found](const Statement& row) -> Result<void> {
    found.push_back({row.text(0), row.text(1), row.text(2)});
    return {};
  });
  if (!rows) return rows.error();
  return found;
}

Result<void> remove_all(sqlite3* db, const std::string& user, const std::string& host) {
  auto remove = Statement::prepare(
      db, "DELETE FROM push_registrations WHERE host = ?1 AND user = ?2", host, user);
  if (!remove) return remove.error();
  return remove->run();
}

class SqlitePushStore final : public PushStore {
 public:
  explicit SqlitePushStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  boost::asio::awaitable<Result<void>> enable(std::string user, std::string host,
                                              PushRegistration registration) override {
    auto work = [user = std::move(user), host = std::move(host),
                 registration = std::move(registration)](sqlite3* db) {
      return upsert(db, user, host, registration);
    };
    auto done = co_await db_->run("push enable", std::move(work));
    co_return done;
  }

  boost::asio::awaitable<Result<std::size_t>> disable(std::string user, std::string host,
                                                      std::string pubsub_jid,
                                                      std::optional<std::string> node) override {
    auto work = [user = std::move(user), host = std::move(host), jid = std::move(pubsub_jid),
                 node = std::move(node)](sqlite3* db) { return remove(db, user, host, jid, node); };
    auto removed = co_await db_->run("push disable", std::move(work));
    co_return removed;
  }

  boost::asio::awaitable<Result<std::vector<PushRegistration>>> registrations(
      std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read(db, user, host);
    };
    auto found = co_await db_->run("push registrations", std::move(work));
    co_return found;
  }

  boost::asio::awaitable<Result<void>> remove_user(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return remove_all(db, user, host);
    };
    auto done = co_await db_->run("push remove user", std::move(work));
    co_return done;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<PushStore> make_sqlite_push_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqlitePushStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
