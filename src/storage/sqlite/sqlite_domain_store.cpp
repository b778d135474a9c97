// SPDX-License-Identifier: Apache-2.0
// DomainStore over SQLite: one domain_admins row per domain with an administrator.
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

class SqliteDomainStore final : public DomainStore {
 public:
  explicit SqliteDomainStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::optional<std::string>>> admin_password(
      std::string domain) override {
    auto work = [domain = std::move(domain)](sqlite3* db) -> Result<std::optional<std::string>> {
      auto select =
          Statement::prepare(db, "SELECT password FROM domain_admins WHERE domain = ?1", domain);
      if (!select) return select.error();
      auto row = select->next();
      if (!row) return row.error();
      if (!*row) return std::nullopt;
      return select->text(0);
    };
    auto record = co_await db_->run("domain admin get", std::move(work));
    co_return record;
  }

  boost::asio::awaitable<Result<void>> set_admin_password(std::string domain,
                                                          std::string record) override {
    auto work = [domain = std::move(domain),
                 record = std::move(record)](sqlite3* db) -> Result<void> {
      auto upsert =
          Statement::prepare(db,
                             "INSERT INTO domain_admins (domain, password) VALUES (?1, ?2) "
                             "ON CONFLICT (domain) DO UPDATE SET password = ?2",
                             domain, record);
      if (!upsert) return upsert.error();
      return upsert->run();
    };
    auto done = co_await db_->run("domain admin set", std::move(work));
    co_return done;
  }

  boost::asio::awaitable<Result<bool>> remove_admin_password(std::string domain) override {
    auto work = [domain = std::move(domain)](sqlite3* db) -> Result<bool> {
      auto remove = Statement::prepare(db, "DELETE FROM domain_admins WHERE domain = ?1", domain);
      if (!remove) return remove.error();
      if (auto done = remove->run(); !done) return done.error();
      return sqlite3_changes(db) > 0;
    };
    auto removed = co_await db_->run("domain admin remove", std::move(work));
    co_return removed;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<DomainStore> make_sqlite_domain_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteDomainStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
