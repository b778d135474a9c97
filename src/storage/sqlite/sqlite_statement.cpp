// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite/sqlite_statement.hpp"

#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace meerkat::storage::sqlite {

namespace {

// At most this many idle statements per connection; dynamic SQL beyond it is finalized.
constexpr std::size_t kMaxKeptStatements = 256;

struct KeptStatements {
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle;
  std::size_t count = 0;
};

// Guarded by its mutex: the server's worker and a command-line tool may each own connections.
struct StatementCache {
  std::mutex mutex;
  std::unordered_map<sqlite3*, KeptStatements> connections;
};

StatementCache& statement_cache() {
  static StatementCache cache;
  return cache;
}

sqlite3_stmt* take_kept(sqlite3* db, const char* sql) {
  auto& cache = statement_cache();
  std::lock_guard lock(cache.mutex);
  auto connection = cache.connections.find(db);
  if (connection == cache.connections.end()) return nullptr;
  auto found = connection->second.idle.find(sql);
  if (found == connection->second.idle.end() || found->second.empty()) return nullptr;
  auto* statement = found->second.back();
  found->second.pop_back();
  --connection->second.count;
  return statement;
}

void keep_or_finalize(sqlite3* db, sqlite3_stmt* statement) {
  if (statement == nullptr) return;
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  auto& cache = statement_cache();
  std::lock_guard lock(cache.mutex);
  auto& kept = cache.connections[db];
  if (kept.count >= kMaxKeptStatements) {
    sqlite3_finalize(statement);
    return;
  }
  kept.idle[sqlite3_sql(statement)].push_back(statement);
  ++kept.count;
}

}  // namespace

void forget_statements(sqlite3* db) {
  auto& cache = statement_cache();
  std::lock_guard lock(cache.mutex);
  auto connection = cache.connections.find(db);
  if (connection == cache.connections.end()) return;
  for (auto& [sql, statements] : connection->second.idle) {
    for (auto* statement : statements) sqlite3_finalize(statement);
  }
  cache.connections.erase(connection);
}

Error sqlite_error(sqlite3* db, std::string_view what) {
  std::string text(what);
  text += ": ";
  text += db ? sqlite3_errmsg(db) : "out of memory";
  return Error::internal(std::move(text));
}

Result<void> execute(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error(db, "exec");
  }
  return {};
}

Result<Statement> Statement::prepare_only(sqlite3* db, const char* sql) {
  if (auto* kept = take_kept(db, sql)) return Statement(db, kept);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement);
    return sqlite_error(db, "prepare");
  }
  return Statement(db, statement);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), statement_(std::exchange(other.statement_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    keep_or_finalize(db_, statement_);
    db_ = other.db_;
    statement_ = std::exchange(other.statement_, nullptr);
  }
  return *this;
}

Statement::~Statement() { keep_or_finalize(db_, statement_); }

Result<void> Statement::bind_text(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the view may end before the step.
  if (sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK) {
    return sqlite_error(db_, "bind");
  }
  return {};
}

Result<void> Statement::bind_integer(int index, std::int64_t value) {
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) return sqlite_error(db_, "bind");
  return {};
}

Result<void> Statement::bind_null(int index) {
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK) return sqlite_error(db_, "bind");
  return {};
}

Result<bool> Statement::next() {
  switch (sqlite3_step(statement_)) {
    case SQLITE_ROW: return true;
    case SQLITE_DONE: return false;
    default: return sqlite_error(db_, "step");
  }
}

Result<void> Statement::run() {
  for (;;) {
    auto row = next();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  if (!bytes) return {};  // NULL
  return std::string(reinterpret_cast<const char*>(bytes),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Result<Transaction> Transaction::begin(sqlite3* db, Mode mode) {
  auto begun = execute(db, mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!begun) return begun.error();
  return Transaction(db);
}

Transaction::~Transaction() {
  // A failed rollback leaves nothing to do: SQLite rolls back itself when it must.
  if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> Transaction::commit() {
  auto committed = execute(db_, "COMMIT");
  if (!committed) return committed.error();
  db_ = nullptr;
  return {};
}

}  // namespace meerkat::storage::sqlite
