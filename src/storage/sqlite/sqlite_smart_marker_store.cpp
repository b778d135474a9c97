// SPDX-License-Identifier: Apache-2.0
// SmartMarkerStore over SQLite: one smart_markers row per (sender, peer, thread, type).
#include <utility>

#include "storage/smart_marker_store.hpp"
#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

Result<void> upsert(sqlite3* db, const ChatMarker& m) {
  auto insert = Statement::prepare(
      db,
      "INSERT OR REPLACE INTO smart_markers (from_jid, to_jid, thread, type, message_id, "
      "timestamp) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      m.from, m.to, m.thread, m.type, m.message_id, m.timestamp);
  if (!insert) return insert.error();
  return insert->run();
}

Result<std::vector<ChatMarker>> read(sqlite3* db, const std::string& from, const std::string& to,
                                     const std::string& thread, std::int64_t after,
                                     bool both_ways) {
  auto select = Statement::prepare(
      db,
      both_ways ? "SELECT from_jid, to_jid, thread, type, message_id, timestamp FROM "
                  "smart_markers WHERE ((from_jid = ?1 AND to_jid = ?2) OR (from_jid = ?2 AND "
                  "to_jid = ?1)) AND thread = ?3 AND timestamp > ?4 ORDER BY timestamp"
                : "SELECT from_jid, to_jid, thread, type, message_id, timestamp FROM "
                  "smart_markers WHERE from_jid = ?1 AND to_jid = ?2 AND thread = ?3 AND "
                  "timestamp > ?4 ORDER BY timestamp",
      from, to, thread, after);
  if (!select) return select.error();
  std::vector<ChatMarker> found;
  auto rows = select->each([&found](const Statement& row) -> Result<void> {
    found.push_back(
        {row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.integer(5)});
    return {};
  });
  if (!rows) return rows.error();
  return found;
}

Result<void> remove_all(sqlite3* db, const std::string& jid) {
  auto remove =
      Statement::prepare(db, "DELETE FROM smart_markers WHERE from_jid = ?1 OR to_jid = ?1", jid);
  if (!remove) return remove.error();
  return remove->run();
}

class SqliteSmartMarkerStore final : public SmartMarkerStore {
 public:
  explicit SqliteSmartMarkerStore(std::shared_ptr<SqliteDatabase> database)
      : db_(std::move(database)) {}

  boost::asio::awaitable<Result<void>> update(ChatMarker marker) override {
    auto work = [marker = std::move(marker)](sqlite3* db) { return upsert(db, marker); };
    auto done = co_await db_->run("smart marker update", std::move(work));
    co_return done;
  }

  boost::asio::awaitable<Result<std::vector<ChatMarker>>> markers(std::string from, std::string to,
                                                                  std::string thread,
                                                                  std::int64_t after,
                                                                  bool both_ways) override {
    auto work = [from = std::move(from), to = std::move(to), thread = std::move(thread), after,
                 both_ways](sqlite3* db) { return read(db, from, to, thread, after, both_ways); };
    auto found = co_await db_->run("smart markers", std::move(work));
    co_return found;
  }

  boost::asio::awaitable<Result<void>> remove_user(std::string bare_jid) override {
    auto work = [jid = std::move(bare_jid)](sqlite3* db) { return remove_all(db, jid); };
    auto done = co_await db_->run("smart markers remove user", std::move(work));
    co_return done;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<SmartMarkerStore> make_sqlite_smart_marker_store(
    std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteSmartMarkerStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
