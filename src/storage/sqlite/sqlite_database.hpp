// SPDX-License-Identifier: Apache-2.0
// SqliteDatabase: one SQLite file, one connection, one worker thread (DESIGN.md "Storage").
// Every query runs on the worker, so no shard ever waits on the disk or on a lock held by
// another process (the admin command line opens the same file while the server runs).
#pragma once

#include <sqlite3.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "core/error/error.hpp"

namespace meerkat::storage::sqlite {

class SqliteDatabase {
 public:
  // How long a statement waits for another connection's lock before it fails.
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens `file`, creating it and its parent directory when missing, in WAL mode with
  // foreign keys on, and applies the schema migrations the file lacks. It blocks: call it at
  // start-up or from the command line, not on a shard. Fails for a file whose schema is
  // newer than this build knows.
  static Result<std::unique_ptr<SqliteDatabase>> open(std::filesystem::path file);

  // Waits for the queries in flight, then closes the connection. Callers must not start a
  // query after destruction has begun.
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs `work(connection)` on the worker thread, then resumes the caller on its own
  // executor. `work` returns a Result; an error's text gets "storage <operation>: " in front.
  // `operation` must be a string literal (it is read after the caller's frame may be gone).
  // Cancelling the caller does not interrupt a query that has started: the caller resumes
  // when it ends, so a write is never half-known.
  template <class Work>
  boost::asio::awaitable<std::invoke_result_t<Work&, sqlite3*>> run(const char* operation,
                                                                    Work work);

  // Runs `work(connection)` on the worker without waiting for it (write-behind); a failure
  // is logged. The worker runs jobs in order, so a later run() sees what `work` wrote.
  template <class Work>
  void post(const char* operation, Work work);

  const std::filesystem::path& file() const { return file_; }

 private:
  SqliteDatabase(sqlite3* connection, std::filesystem::path file)
      : connection_(connection), file_(std::move(file)) {}

  static Error in_operation(const char* operation, Error error);
  // The time one operation took on the worker, for meerkat_storage_duration_seconds.
  static void observe(const char* operation, std::chrono::steady_clock::duration took);
  static void log_failure(const char* operation, const Error& error);

  sqlite3* connection_;
  std::filesystem::path file_;
  boost::asio::thread_pool worker_{1};
};

template <class Work>
boost::asio::awaitable<std::invoke_result_t<Work&, sqlite3*>> SqliteDatabase::run(
    const char* operation, Work work) {
  using R = std::invoke_result_t<Work&, sqlite3*>;
  auto on_worker = [this, operation,
                    work = std::move(work)]() mutable -> boost::asio::awaitable<R> {
    auto started = std::chrono::steady_clock::now();
    R result = work(connection_);
    observe(operation, std::chrono::steady_clock::now() - started);
    if (!result) co_return in_operation(operation, result.error());
    co_return result;
  };
  // co_spawn's completion goes through use_awaitable's executor, which is the caller's: the
  // caller resumes on its shard, not on the worker (tested in sqlite_database_test.cpp).
  R result = co_await boost::asio::co_spawn(worker_.get_executor(), std::move(on_worker),
                                            boost::asio::use_awaitable);
  co_return result;
}

template <class Work>
void SqliteDatabase::post(const char* operation, Work work) {
  boost::asio::post(worker_, [this, operation, work = std::move(work)]() mutable {
    auto result = work(connection_);
    if (!result) log_failure(operation, result.error());
  });
}

}  // namespace meerkat::storage::sqlite
