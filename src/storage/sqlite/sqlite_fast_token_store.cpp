// SPDX-License-Identifier: Apache-2.0
// FastTokenStore over SQLite: one fast_tokens row per (user, user-agent id), with the current
// and the next token in nullable columns.
#include <utility>

#include "storage/fast_token_store.hpp"
#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

// Columns `first` … `first + 3`: secret, mechanism, expires_at, count.
std::optional<FastToken> read_token(const Statement& row, int first) {
  if (row.is_null(first)) return std::nullopt;
  FastToken token{row.text(first), row.text(first + 1), row.integer(first + 2), std::nullopt};
  if (!row.is_null(first + 3)) token.count = row.integer(first + 3);
  return token;
}

// Binds one token to parameters `first` … `first + 3` (NULLs for none).
Result<void> bind_token(Statement& statement, int first, const std::optional<FastToken>& token) {
  if (!token) {
    for (int i = first; i < first + 4; ++i) {
      if (auto bound = statement.bind_null(i); !bound) return bound;
    }
    return {};
  }
  auto bound = statement.bind_text(first, token->secret);
  if (bound) bound = statement.bind_text(first + 1, token->mechanism);
  if (bound) bound = statement.bind_integer(first + 2, token->expires_at);
  if (bound) {
    bound = token->count ? statement.bind_integer(first + 3, *token->count)
                         : statement.bind_null(first + 3);
  }
  return bound;
}

Result<FastTokens> read(sqlite3* db, const std::string& user, const std::string& host,
                        const std::string& agent_id) {
  auto select = Statement::prepare(
      db,
      "SELECT current_secret, current_mechanism, current_expires_at, current_count, "
      "next_secret, next_mechanism, next_expires_at, next_count FROM fast_tokens "
      "WHERE host = ?1 AND user = ?2 AND agent_id = ?3",
      host, user, agent_id);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return FastTokens{};
  return FastTokens{read_token(*select, 0), read_token(*select, 4)};
}

Result<void> write(sqlite3* db, const std::string& user, const std::string& host,
                   const std::string& agent_id, const FastTokens& tokens) {
  if (!tokens.current && !tokens.next) {
    auto remove = Statement::prepare(
        db, "DELETE FROM fast_tokens WHERE host = ?1 AND user = ?2 AND agent_id = ?3", host, user,
        agent_id);
    if (!remove) return remove.error();
    return remove->run();
  }
  auto upsert = Statement::prepare(
      db,
      "INSERT OR REPLACE INTO fast_tokens (host, user, agent_id, current_secret, "
      "current_mechanism, current_expires_at, current_count, next_secret, next_mechanism, "
      "next_expires_at, next_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
      host, user, agent_id);
  if (!upsert) return upsert.error();
  if (auto bound = bind_token(*upsert, 4, tokens.current); !bound) return bound;
  if (auto bound = bind_token(*upsert, 8, tokens.next); !bound) return bound;
  return upsert->run();
}

Result<void> remove_all(sqlite3* db, const std::string& user, const std::string& host) {
  auto remove =
      Statement::prepare(db, "DELETE FROM fast_tokens WHERE host = ?1 AND user = ?2", host, user);
  if (!remove) return remove.error();
  return remove->run();
}

class SqliteFastTokenStore final : public FastTokenStore {
 public:
  explicit SqliteFastTokenStore(std::shared_ptr<SqliteDatabase> database)
      : db_(std::move(database)) {}

  boost::asio::awaitable<Result<FastTokens>> tokens(std::string user, std::string host,
                                                    std::string agent_id) override {
    auto work = [user = std::move(user), host = std::move(host), agent_id = std::move(agent_id)](
                    sqlite3* db) { return read(db, user, host, agent_id); };
    auto found = co_await db_->run("fast tokens", std::move(work));
    co_return found;
  }

  boost::asio::awaitable<Result<void>> store(std::string user, std::string host,
                                             std::string agent_id, FastTokens tokens) override {
    auto work = [user = std::move(user), host = std::move(host), agent_id = std::move(agent_id),
                 tokens = std::move(tokens)](sqlite3* db) {
      return write(db, user, host, agent_id, tokens);
    };
    auto done = co_await db_->run("fast store", std::move(work));
    co_return done;
  }

  boost::asio::awaitable<Result<void>> remove_user(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return remove_all(db, user, host);
    };
    auto done = co_await db_->run("fast remove user", std::move(work));
    co_return done;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<FastTokenStore> make_sqlite_fast_token_store(
    std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteFastTokenStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
