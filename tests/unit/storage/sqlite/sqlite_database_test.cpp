// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "storage/sqlite/sqlite_migrations.hpp"
#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"
#include "unit/storage/store_test_support.hpp"

namespace meerkat::storage::sqlite {
namespace {

using test::done;
using test::TempDirectory;

std::shared_ptr<SqliteDatabase> open_or_fail(const std::filesystem::path& file) {
  auto opened = SqliteDatabase::open(file);
  if (!opened) throw std::runtime_error(opened.error().text);
  return std::move(*opened);
}

Result<std::int64_t> pragma(sqlite3* db, const char* sql) {
  auto statement = Statement::prepare(db, sql);
  if (!statement) return statement.error();
  auto row = statement->next();
  if (!row) return row.error();
  return statement->integer(0);
}

TEST(SqliteDatabase, RunsWorkOnItsWorkerAndResumesTheCallerOnItsOwnExecutor) {
  TempDirectory directory;
  auto database = open_or_fail(directory.path() / "meerkat.db");
  boost::asio::io_context caller;
  std::thread::id worker_thread;
  std::thread::id resumed_thread;
  bool resumed_in_caller = false;
  auto call = [&]() -> boost::asio::awaitable<void> {
    auto work = [](sqlite3*) -> Result<std::thread::id> { return std::this_thread::get_id(); };
    auto ran_on = co_await database->run("thread id", work);
    worker_thread = ran_on.value();
    resumed_thread = std::this_thread::get_id();
    resumed_in_caller = caller.get_executor().running_in_this_thread();
  };
  std::exception_ptr failure;
  boost::asio::co_spawn(caller, call, [&](std::exception_ptr error) { failure = error; });
  caller.run();
  ASSERT_FALSE(failure);
  EXPECT_NE(worker_thread, std::thread::id());
  EXPECT_NE(worker_thread, std::this_thread::get_id());
  EXPECT_EQ(resumed_thread, std::this_thread::get_id());
  EXPECT_TRUE(resumed_in_caller);
}

TEST(SqliteDatabase, ErrorNamesTheOperation) {
  TempDirectory directory;
  auto database = open_or_fail(directory.path() / "meerkat.db");
  auto work = [](sqlite3* db) { return pragma(db, "SELECT nonsense FROM nowhere"); };
  auto failed = run_blocking(database->run("probe nowhere", work));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().condition, Condition::kInternalServerError);
  EXPECT_EQ(failed.error().text.rfind("storage probe nowhere: prepare: no such table", 0), 0u)
      << failed.error().text;
}

TEST(SqliteDatabase, OpenCreatesTheParentDirectoryAndUsesWalAtTheLatestSchema) {
  TempDirectory directory;
  auto database = open_or_fail(directory.path() / "a" / "b" / "meerkat.db");
  EXPECT_TRUE(std::filesystem::exists(directory.path() / "a" / "b" / "meerkat.db"));
  auto mode = run_blocking(database->run("journal mode", [](sqlite3* db) -> Result<std::string> {
    auto statement = Statement::prepare(db, "PRAGMA journal_mode");
    if (!statement) return statement.error();
    if (auto row = statement->next(); !row) return row.error();
    return statement->text(0);
  }));
  EXPECT_EQ(mode.value(), "wal");
  auto version = run_blocking(
      database->run("user version", [](sqlite3* db) { return pragma(db, "PRAGMA user_version"); }));
  EXPECT_EQ(version.value(), latest_schema_version());
  auto foreign_keys = run_blocking(
      database->run("foreign keys", [](sqlite3* db) { return pragma(db, "PRAGMA foreign_keys"); }));
  EXPECT_EQ(foreign_keys.value(), 1);
}

TEST(SqliteDatabase, RefusesAFileWhoseSchemaIsNewerThanThisBuild) {
  TempDirectory directory;
  const auto file = directory.path() / "meerkat.db";
  open_or_fail(file);  // created at the latest version, then closed
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  const std::string newer = "PRAGMA user_version = " + std::to_string(latest_schema_version() + 1);
  EXPECT_EQ(sqlite3_exec(raw, newer.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);

  auto reopened = SqliteDatabase::open(file);
  ASSERT_FALSE(reopened);
  EXPECT_NE(
      reopened.error().text.find("schema version " + std::to_string(latest_schema_version() + 1) +
                                 " is newer than this Meerkat knows"),
      std::string::npos)
      << reopened.error().text;
}

TEST(SqliteDatabase, ReopeningAnUpToDateFileKeepsItsData) {
  TempDirectory directory;
  const auto file = directory.path() / "meerkat.db";
  {
    auto stores = open_sqlite_stores(file);
    ASSERT_TRUE(stores) << stores.error().text;
    ASSERT_TRUE(done(stores->accounts->create("alice", "localhost", "record")));
  }
  auto stores = open_sqlite_stores(file);
  ASSERT_TRUE(stores) << stores.error().text;
  EXPECT_EQ(done(stores->accounts->password_record("alice", "localhost")), "record");
}

// The server and the admin command line open the same file at once.
TEST(SqliteDatabase, SecondConnectionToTheSameFileSeesTheFirstOnesWrites) {
  TempDirectory directory;
  const auto file = directory.path() / "meerkat.db";
  auto server = open_sqlite_stores(file);
  ASSERT_TRUE(server) << server.error().text;
  auto admin = open_sqlite_stores(file);
  ASSERT_TRUE(admin) << admin.error().text;

  ASSERT_TRUE(done(admin->accounts->create("alice", "localhost", "record")));
  EXPECT_EQ(done(server->accounts->password_record("alice", "localhost")), "record");
  done(server->roster->put("alice", "localhost", test::contact("bob@localhost")));
  EXPECT_EQ(done(admin->roster->version("alice", "localhost")), 1u);
  EXPECT_TRUE(done(admin->accounts->remove("alice", "localhost")));
  EXPECT_TRUE(done(server->roster->roster("alice", "localhost")).items.empty());
}

}  // namespace
}  // namespace meerkat::storage::sqlite

namespace meerkat::storage::sqlite {
namespace {

TEST(SqliteStatement, AFinishedStatementIsReusedWithItsBindingsCleared) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_TRUE(execute(db, "CREATE TABLE t (a TEXT)"));
  const char* sql = "SELECT ?1 IS NULL";
  sqlite3_stmt* first_handle = nullptr;
  {
    auto first = Statement::prepare(db, sql, std::string_view("x"));
    ASSERT_TRUE(first);
    ASSERT_TRUE(*first->next());
    EXPECT_EQ(first->integer(0), 0);
    first_handle = sqlite3_next_stmt(db, nullptr);
  }
  {
    // Same SQL: the kept statement comes back reset, and ?1 is unbound (NULL) again.
    auto second = Statement::prepare(db, sql);
    ASSERT_TRUE(second);
    EXPECT_EQ(sqlite3_next_stmt(db, nullptr), first_handle);
    ASSERT_TRUE(*second->next());
    EXPECT_EQ(second->integer(0), 1);
    // A second statement of the same text while the first is in use is a new one.
    auto third = Statement::prepare(db, sql);
    ASSERT_TRUE(third);
  }
  forget_statements(db);
  EXPECT_EQ(sqlite3_next_stmt(db, nullptr), nullptr);  // every kept statement finalized
  EXPECT_EQ(sqlite3_close(db), SQLITE_OK);
}

}  // namespace
}  // namespace meerkat::storage::sqlite
