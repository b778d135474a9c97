// SPDX-License-Identifier: Apache-2.0
// PrivateStore over SQLite (XEP-0049): one private_storage row per (user, namespace).
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

using NsAndXml = std::vector<std::pair<std::string, std::string>>;

Result<std::optional<std::string>> read_private(sqlite3* db, const std::string& user,
                                                const std::string& host, const std::string& xmlns) {
  auto select = Statement::prepare(
      db, "SELECT xml FROM private_storage WHERE host = ?1 AND user = ?2 AND xmlns = ?3", host,
      user, xmlns);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::nullopt;
  return select->text(0);
}

Result<void> write_private(sqlite3* db, const std::string& user, const std::string& host,
                           const NsAndXml& ns_and_xml) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  for (const auto& [xmlns, xml] : ns_and_xml) {
    auto upsert = Statement::prepare(
        db,
        "INSERT INTO private_storage (host, user, xmlns, xml) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (host, user, xmlns) DO UPDATE SET xml = ?4",
        host, user, xmlns, xml);
    if (!upsert) return upsert.error();
    if (auto done = upsert->run(); !done) return done.error();
  }
  return transaction->commit();
}

class SqlitePrivateStore final : public PrivateStore {
 public:
  explicit SqlitePrivateStore(std::shared_ptr<SqliteDatabase> database)
      : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string user, std::string host,
                                                                 std::string xmlns) override {
    auto work = [user = std::move(user), host = std::move(host), xmlns = std::move(xmlns)](
                    sqlite3* db) { return read_private(db, user, host, xmlns); };
    auto xml = co_await db_->run("private get", std::move(work));
    co_return xml;
  }

  boost::asio::awaitable<Result<NsAndXml>> all(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) -> Result<NsAndXml> {
      auto select = Statement::prepare(
          db, "SELECT xmlns, xml FROM private_storage WHERE host = ?1 AND user = ?2 ORDER BY xmlns",
          host, user);
      if (!select) return select.error();
      NsAndXml out;
      auto read = select->each([&](const Statement& row) -> Result<void> {
        out.emplace_back(row.text(0), row.text(1));
        return {};
      });
      if (!read) return read.error();
      return out;
    };
    auto stored = co_await db_->run("private all", std::move(work));
    co_return stored;
  }

  boost::asio::awaitable<Result<void>> set(std::string user, std::string host,
                                           NsAndXml ns_and_xml) override {
    auto work = [user = std::move(user), host = std::move(host),
                 ns_and_xml = std::move(ns_and_xml)](sqlite3* db) {
      return write_private(db, user, host, ns_and_xml);
    };
    auto written = co_await db_->run("private set", std::move(work));
    co_return written;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<PrivateStore> make_sqlite_private_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqlitePrivateStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
