// SPDX-License-Identifier: Apache-2.0
// VcardStore over SQLite: one vcards row per user.
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

Result<std::optional<std::string>> read_vcard(sqlite3* db, const std::string& user,
                                              const std::string& host) {
  auto select =
      Statement::prepare(db, "SELECT xml FROM vcards WHERE host = ?1 AND user = ?2", host, user);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::nullopt;
  return select->text(0);
}

Result<void> write_vcard(sqlite3* db, const std::string& user, const std::string& host,
                         const std::string& xml) {
  auto upsert = Statement::prepare(db,
                                   "INSERT INTO vcards (host, user, xml) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT (host, user) DO UPDATE SET xml = ?3",
                                   host, user, xml);
  if (!upsert) return upsert.error();
  return upsert->run();
}

class SqliteVcardStore final : public VcardStore {
 public:
  explicit SqliteVcardStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string user,
                                                                 std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_vcard(db, user, host);
    };
    auto vcard = co_await db_->run("vcard get", std::move(work));
    co_return vcard;
  }

  boost::asio::awaitable<Result<void>> set(std::string user, std::string host,
                                           std::string xml) override {
    auto work = [user = std::move(user), host = std::move(host),
                 xml = std::move(xml)](sqlite3* db) { return write_vcard(db, user, host, xml); };
    auto written = co_await db_->run("vcard set", std::move(work));
    co_return written;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<VcardStore> make_sqlite_vcard_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteVcardStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
