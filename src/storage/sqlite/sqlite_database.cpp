// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite/sqlite_database.hpp"

#include <system_error>
#include <unordered_map>

#include "observability/log.hpp"
#include "observability/metrics.hpp"
#include "storage/sqlite/sqlite_migrations.hpp"
#include "storage/sqlite/sqlite_statement.hpp"

namespace meerkat::storage::sqlite {
namespace {

// Closes the connection unless open() hands it over to a SqliteDatabase.
struct ConnectionGuard {
  sqlite3* connection = nullptr;
  ~ConnectionGuard() {
    forget_statements(connection);
    sqlite3_close(connection);
  }
  sqlite3* release() { return std::exchange(connection, nullptr); }
};

Result<void> create_parent_directory(const std::filesystem::path& file) {
  if (!file.has_parent_path()) return {};
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  if (error) {
    return Error::internal("cannot create directory " + file.parent_path().string() + ": " +
                           error.message());
  }
  return {};
}

// WAL lets the admin command line read while the server writes; the busy timeout bounds
// the wait when both write.
Result<void> configure(sqlite3* db) {
  if (sqlite3_busy_timeout(db, SqliteDatabase::kBusyTimeoutMs) != SQLITE_OK) {
    return sqlite_error(db, "busy_timeout");
  }
  auto wal = execute(db, "PRAGMA journal_mode = WAL");
  if (!wal) return wal.error();
  return execute(db, "PRAGMA foreign_keys = ON");
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(std::filesystem::path file) {
  auto directory = create_parent_directory(file);
  if (!directory) return directory.error();
  ConnectionGuard guard;
  // NOMUTEX: the connection is used by one thread at a time (open, then the worker).
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int opened = sqlite3_open_v2(file.c_str(), &guard.connection, flags, nullptr);
  const std::string where = "open " + file.string();
  if (opened != SQLITE_OK) return sqlite_error(guard.connection, where);
  if (auto configured = configure(guard.connection); !configured) {
    return Error::internal(where + ": " + configured.error().text);
  }
  if (auto migrated = migrate(guard.connection); !migrated) {
    return Error::internal(where + ": " + migrated.error().text);
  }
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(guard.release(), std::move(file)));
}

SqliteDatabase::~SqliteDatabase() {
  worker_.join();  // finishes the queries already queued
  forget_statements(connection_);
  sqlite3_close(connection_);
}

Error SqliteDatabase::in_operation(const char* operation, Error error) {
  error.text = std::string("storage ") + operation + ": " + error.text;
  return error;
}

void SqliteDatabase::log_failure(const char* operation, const Error& error) {
  static const auto logger = observability::logger("storage");
  logger->error("storage_write_failed operation=\"{}\" error=\"{}\"", operation, error.text);
}

void SqliteDatabase::observe(const char* operation, std::chrono::steady_clock::duration took) {
  // Operations are named by string literals, so their addresses identify them; the registry
  // is asked once per operation and worker thread.
  thread_local std::unordered_map<const char*, observability::Histogram*> known;
  auto& histogram = known[operation];
  if (!histogram) {
    histogram = &observability::Registry::global().histogram(
        "meerkat_storage_duration_seconds", "Time one storage operation took on its worker",
        {{"backend", "sqlite"}, {"operation", operation}});
  }
  histogram->observe(took);
}

}  // namespace meerkat::storage::sqlite
