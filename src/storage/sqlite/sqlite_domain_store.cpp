// SPDX-License-Identifier: Apache-2.0
// DomainStore over SQLite: one domain_settings row per dynamic domain, one domain_admins row
// per domain with an administrator.
#include <utility>

#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

using Status = DomainRow::Status;

// The status column holds MongooseIM's words for them.
const char* status_text(Status status) {
  switch (status) {
    case Status::kEnabled: return "enabled";
    case Status::kDisabled: return "disabled";
    case Status::kDeleting: return "deleting";
  }
  return "enabled";
}

Status status_of(std::string_view text) {
  if (text == "disabled") return Status::kDisabled;
  if (text == "deleting") return Status::kDeleting;
  return Status::kEnabled;
}

Result<std::vector<DomainRow>> select_domains(sqlite3* db, const std::string* only) {
  auto select = only ? Statement::prepare(db,
                                          "SELECT domain, host_type, status FROM domain_settings "
                                          "WHERE domain = ?1",
                                          *only)
                     : Statement::prepare(db,
                                          "SELECT domain, host_type, status FROM domain_settings "
                                          "ORDER BY domain");
  if (!select) return select.error();
  std::vector<DomainRow> rows;
  auto read = select->each([&](const Statement& row) -> Result<void> {
    rows.push_back(DomainRow{row.text(0), row.text(1), status_of(row.text(2))});
    return {};
  });
  if (!read) return read.error();
  return rows;
}

Result<std::optional<DomainRow>> insert_row(sqlite3* db, const DomainRow& row) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto existing = select_domains(db, &row.domain);
  if (!existing) return existing.error();
  if (!existing->empty()) return existing->front();
  auto insert = Statement::prepare(
      db, "INSERT INTO domain_settings (domain, host_type, status) VALUES (?1, ?2, ?3)", row.domain,
      row.host_type, std::string_view(status_text(row.status)));
  if (!insert) return insert.error();
  if (auto done = insert->run(); !done) return done.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return std::nullopt;
}

Result<bool> remove_row(sqlite3* db, const std::string& domain) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto remove = Statement::prepare(db, "DELETE FROM domain_settings WHERE domain = ?1", domain);
  if (!remove) return remove.error();
  if (auto done = remove->run(); !done) return done.error();
  const bool existed = sqlite3_changes(db) > 0;
  auto admin = Statement::prepare(db, "DELETE FROM domain_admins WHERE domain = ?1", domain);
  if (!admin) return admin.error();
  if (auto done = admin->run(); !done) return done.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return existed;
}

class SqliteDomainStore final : public DomainStore {
 public:
  explicit SqliteDomainStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::vector<DomainRow>>> domains() override {
    auto work = [](sqlite3* db) { return select_domains(db, nullptr); };
    auto rows = co_await db_->run("domain list", std::move(work));
    co_return rows;
  }

  boost::asio::awaitable<Result<std::optional<DomainRow>>> insert_domain(DomainRow row) override {
    auto work = [row = std::move(row)](sqlite3* db) { return insert_row(db, row); };
    auto existing = co_await db_->run("domain insert", std::move(work));
    co_return existing;
  }

  boost::asio::awaitable<Result<bool>> set_domain_status(std::string domain,
                                                         Status status) override {
    auto work = [domain = std::move(domain), status](sqlite3* db) -> Result<bool> {
      auto update =
          Statement::prepare(db, "UPDATE domain_settings SET status = ?2 WHERE domain = ?1", domain,
                             std::string_view(status_text(status)));
      if (!update) return update.error();
      if (auto done = update->run(); !done) return done.error();
      return sqlite3_changes(db) > 0;
    };
    auto changed = co_await db_->run("domain set status", std::move(work));
    co_return changed;
  }

  boost::asio::awaitable<Result<bool>> remove_domain(std::string domain) override {
    auto work = [domain = std::move(domain)](sqlite3* db) { return remove_row(db, domain); };
    auto removed = co_await db_->run("domain remove", std::move(work));
    co_return removed;
  }

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
