// SPDX-License-Identifier: Apache-2.0
// Thin RAII wrappers over the SQLite C API for the sqlite/ stores: a prepared Statement with
// bound parameters, and a Transaction that rolls back unless committed. SQLite failures come
// back as Error values, never as exceptions. Use them only on SqliteDatabase's worker thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/error/error.hpp"

namespace meerkat::storage::sqlite {

// An Error carrying SQLite's message for `db` (which names no parameter values).
Error sqlite_error(sqlite3* db, std::string_view what);

// Runs SQL text with no parameters (PRAGMA, BEGIN, a migration script).
Result<void> execute(sqlite3* db, const char* sql);

// Finished statements are reset and kept per connection, keyed by their SQL, for the next
// prepare() of the same text: parsing and planning a statement costs more than running the
// one-row lookups the server makes for a login or a presence probe. Call this before closing
// `db`: it finalizes the connection's kept statements.
void forget_statements(sqlite3* db);

class Statement {
 public:
  // Prepares `sql` and binds `parameters` to ?1, ?2, … in order. A parameter is a
  // std::string_view (text, copied by SQLite), an integer or a bool (stored as 0 or 1).
  template <class... Parameters>
  static Result<Statement> prepare(sqlite3* db, const char* sql, const Parameters&... parameters);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // true: a row is ready for the column accessors; false: the statement has finished.
  Result<bool> next();
  // Steps a statement that returns no rows (or whose rows do not matter) to its end.
  Result<void> run();
  // Calls `on_row(*this)` for each row; it returns Result<void> to stop with an error.
  template <class OnRow>
  Result<void> each(OnRow on_row);

  std::string text(int column) const;
  std::int64_t integer(int column) const;
  bool is_null(int column) const;

  // For SQL whose parameters are known only at run time (built with a variable number of
  // conditions): prepare() it without parameters, then bind each (1-based).
  Result<void> bind_text(int index, std::string_view value);
  Result<void> bind_integer(int index, std::int64_t value);
  Result<void> bind_null(int index);

 private:
  Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}

  template <class Parameter>
  Result<void> bind(int index, const Parameter& value) {
    if constexpr (std::is_convertible_v<const Parameter&, std::string_view>) {
      return bind_text(index, value);
    } else {
      static_assert(std::is_integral_v<Parameter>, "bind text, integers or bools");
      return bind_integer(index, static_cast<std::int64_t>(value));
    }
  }

  static Result<Statement> prepare_only(sqlite3* db, const char* sql);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

template <class... Parameters>
Result<Statement> Statement::prepare(sqlite3* db, const char* sql,
                                     const Parameters&... parameters) {
  auto statement = prepare_only(db, sql);
  if (!statement) return statement.error();
  [[maybe_unused]] int index = 0;
  Result<void> bound;
  // Binds in order and stops at the first failure.
  ((bound = bound ? statement->bind(++index, parameters) : bound), ...);
  if (!bound) return bound.error();
  return statement;
}

template <class OnRow>
Result<void> Statement::each(OnRow on_row) {
  for (;;) {
    auto row = next();
    if (!row) return row.error();
    if (!*row) return {};
    if (auto handled = on_row(static_cast<const Statement&>(*this)); !handled) {
      return handled.error();
    }
  }
}

// BEGIN … COMMIT. kWrite takes the write lock at once (BEGIN IMMEDIATE), so a transaction
// that reads and then writes never fails half-way because another connection (the admin
// command line) wrote in between; the busy timeout makes the wait bounded.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };

  static Result<Transaction> begin(sqlite3* db, Mode mode);

  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // Rolls back when commit() was not reached, e.g. after an early error return.
  ~Transaction();

  Result<void> commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace meerkat::storage::sqlite
