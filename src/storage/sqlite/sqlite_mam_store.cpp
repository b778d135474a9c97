// SPDX-License-Identifier: Apache-2.0
// MamStore over SQLite: mam_messages keyed by the archive id, indexed per user and per
// (user, peer), so a page anywhere in a large archive is an index seek. Archiving is
// write-behind with group commit: messages queue in memory and one worker job writes all
// that queued meanwhile in a single transaction; queries run on the same worker after it.
#include <algorithm>
#include <mutex>
#include <utility>

#include "storage/mam_store.hpp"
#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

// SQLite integers are signed; ids stay far below 2^63 (microseconds since 1970 << 8).
std::int64_t as_integer(std::uint64_t id) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(id, INT64_MAX));
}

// The archive of messages waiting for the worker.
struct Pending {
  std::mutex mutex;
  std::vector<ArchivedMessage> messages;
  bool flush_posted = false;
};

Result<void> insert_message(sqlite3* db, const ArchivedMessage& m) {
  auto insert = Statement::prepare(
      db,
      "INSERT OR IGNORE INTO mam_messages (id, host, user, remote, remote_resource, outgoing, "
      "origin_id, body, stanza) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      as_integer(m.id), m.host, m.user, m.remote, m.remote_resource, m.outgoing, m.origin_id,
      m.body, m.stanza);
  if (!insert) return insert.error();
  return insert->run();
}

Result<void> flush(sqlite3* db, Pending& pending) {
  std::vector<ArchivedMessage> batch;
  {
    std::lock_guard lock(pending.mutex);
    batch.swap(pending.messages);
    pending.flush_posted = false;
  }
  if (batch.empty()) return {};
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  for (const auto& message : batch) {
    if (auto inserted = insert_message(db, message); !inserted) return inserted.error();
  }
  return transaction->commit();
}

// LIKE's wildcards in a search word are literal.
std::string like_pattern(std::string_view word) {
  std::string pattern = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

// The WHERE clause of a query and its parameters, from ?1 on. `lower`/`upper` are exclusive.
struct Filter {
  std::string sql;
  std::vector<std::string> texts;  // bound after the two id bounds
};

Filter filter_of(const MamQuery& q) {
  Filter f{"host = ?1 AND user = ?2 AND id > ?3 AND id < ?4", {q.host, q.user}};
  // The number of the text just pushed: texts[i] is ?(i + 3), after the two id bounds.
  auto next = [&f] { return "?" + std::to_string(f.texts.size() + 2); };
  if (q.with) {
    f.texts.push_back(*q.with);
    f.sql += " AND remote = " + next();
    if (q.with_resource) {
      f.texts.push_back(*q.with_resource);
      f.sql += " AND remote_resource = " + next();
    }
  }
  for (const auto& word : q.words) {
    f.texts.push_back(like_pattern(word));
    f.sql += " AND body LIKE " + next() + " ESCAPE '\\'";
  }
  if (!q.ids.empty()) {
    f.sql += " AND id IN (";
    for (std::size_t i = 0; i < q.ids.size(); ++i) {
      f.sql += (i ? "," : "") + std::to_string(as_integer(q.ids[i]));  // numbers, not input
    }
    f.sql += ")";
  }
  return f;
}

// Prepares `select` + WHERE `filter` with the id range (lower, upper).
Result<Statement> prepare(sqlite3* db, const std::string& select, const Filter& filter,
                          std::uint64_t lower, std::uint64_t upper, const std::string& tail = {}) {
  auto sql = select + " WHERE " + filter.sql + tail;
  auto statement = Statement::prepare(db, sql.c_str());
  if (!statement) return statement.error();
  Result<void> bound = statement->bind_text(1, filter.texts[0]);
  if (bound) bound = statement->bind_text(2, filter.texts[1]);
  if (bound) bound = statement->bind_integer(3, as_integer(lower));
  if (bound) bound = statement->bind_integer(4, as_integer(upper));
  for (std::size_t i = 2; bound && i < filter.texts.size(); ++i) {
    bound = statement->bind_text(static_cast<int>(i + 3), filter.texts[i]);
  }
  if (!bound) return bound.error();
  return statement;
}

Result<std::uint64_t> count_range(sqlite3* db, const Filter& filter, std::uint64_t lower,
                                  std::uint64_t upper) {
  auto select = prepare(db, "SELECT count(*) FROM mam_messages", filter, lower, upper);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  return static_cast<std::uint64_t>(select->integer(0));
}

Result<bool> message_exists(sqlite3* db, const MamQuery& q, std::uint64_t id) {
  auto select = Statement::prepare(
      db, "SELECT 1 FROM mam_messages WHERE host = ?1 AND user = ?2 AND id = ?3", q.host, q.user,
      as_integer(id));
  if (!select) return select.error();
  return select->next();
}

// XEP-0059 §2.6: paging from an id that is not in the archive is item-not-found.
Result<void> check_page_ids(sqlite3* db, const MamQuery& q) {
  for (auto [id, set] : {std::pair{q.page_after, q.page_after != 0},
                         std::pair{q.page_before, q.page_before != UINT64_MAX}}) {
    if (!set) continue;
    auto exists = message_exists(db, q, id);
    if (!exists) return exists.error();
    if (!*exists) {
      return Error{ErrorType::kCancel, Condition::kItemNotFound,
                   "no archived message has the paging id " + std::to_string(id)};
    }
  }
  return {};
}

Result<MamPage> run_query(sqlite3* db, const MamQuery& q) {
  if (auto checked = check_page_ids(db, q); !checked) return checked.error();
  auto filter = filter_of(q);
  auto lower = std::max(q.after, q.page_after);
  auto upper = std::min(q.before, q.page_before);
  // One row more than asked tells whether the page reaches the end of the range.
  std::string tail = q.from_end ? " ORDER BY id DESC" : " ORDER BY id ASC";
  tail += " LIMIT " + std::to_string(q.limit + 1);
  if (q.offset) tail += " OFFSET " + std::to_string(*q.offset);
  auto select = prepare(db,
                        "SELECT id, host, user, remote, remote_resource, outgoing, origin_id, "
                        "body, stanza FROM mam_messages",
                        filter, lower, upper, tail);
  if (!select) return select.error();
  MamPage page;
  auto read = select->each([&](const Statement& row) -> Result<void> {
    page.messages.push_back({static_cast<std::uint64_t>(row.integer(0)), row.text(2), row.text(1),
                             row.text(3), row.text(4), row.integer(5) != 0, row.text(6),
                             row.text(7), row.text(8)});
    return {};
  });
  if (!read) return read.error();
  page.complete = page.messages.size() <= q.limit;
  if (!page.complete) page.messages.pop_back();
  if (q.from_end) std::reverse(page.messages.begin(), page.messages.end());
  if (q.count) {
    auto total = count_range(db, filter, q.after, q.before);
    if (!total) return total.error();
    page.count = *total;
    if (!page.messages.empty()) {
      auto before_first = count_range(db, filter, q.after, page.messages.front().id);
      if (!before_first) return before_first.error();
      page.first_index = *before_first;
    }
  }
  return page;
}

Result<std::optional<MamPrefs>> read_prefs(sqlite3* db, const std::string& user,
                                           const std::string& host) {
  auto select = Statement::prepare(
      db, "SELECT default_behaviour FROM mam_prefs WHERE host = ?1 AND user = ?2", host, user);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::optional<MamPrefs>{};
  MamPrefs prefs;
  auto stored = select->text(0);
  prefs.default_behaviour = stored == "never"    ? MamDefault::kNever
                            : stored == "roster" ? MamDefault::kRoster
                                                 : MamDefault::kAlways;
  auto jids = Statement::prepare(
      db, "SELECT jid, always FROM mam_prefs_jids WHERE host = ?1 AND user = ?2 ORDER BY jid",
      host, user);
  if (!jids) return jids.error();
  auto read = jids->each([&](const Statement& r) -> Result<void> {
    (r.integer(1) ? prefs.always : prefs.never).push_back(r.text(0));
    return {};
  });
  if (!read) return read.error();
  return std::optional<MamPrefs>(std::move(prefs));
}

Result<void> write_prefs(sqlite3* db, const std::string& user, const std::string& host,
                         const MamPrefs& prefs) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  const char* behaviour = prefs.default_behaviour == MamDefault::kNever    ? "never"
                          : prefs.default_behaviour == MamDefault::kRoster ? "roster"
                                                                            : "always";
  auto upsert = Statement::prepare(
      db, "INSERT OR REPLACE INTO mam_prefs (host, user, default_behaviour) VALUES (?1, ?2, ?3)",
      host, user, behaviour);
  if (!upsert) return upsert.error();
  if (auto done = upsert->run(); !done) return done.error();
  auto clear = Statement::prepare(db, "DELETE FROM mam_prefs_jids WHERE host = ?1 AND user = ?2",
                                  host, user);
  if (!clear) return clear.error();
  if (auto done = clear->run(); !done) return done.error();
  for (bool always : {true, false}) {
    for (const auto& jid : always ? prefs.always : prefs.never) {
      auto insert = Statement::prepare(db,
                                       "INSERT OR REPLACE INTO mam_prefs_jids (host, user, jid, "
                                       "always) VALUES (?1, ?2, ?3, ?4)",
                                       host, user, jid, always);
      if (!insert) return insert.error();
      if (auto done = insert->run(); !done) return done.error();
    }
  }
  return transaction->commit();
}

Result<void> delete_user(sqlite3* db, const std::string& user, const std::string& host) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  for (const char* sql : {"DELETE FROM mam_messages WHERE host = ?1 AND user = ?2",
                          "DELETE FROM mam_prefs WHERE host = ?1 AND user = ?2",
                          "DELETE FROM mam_prefs_jids WHERE host = ?1 AND user = ?2"}) {
    auto remove = Statement::prepare(db, sql, host, user);
    if (!remove) return remove.error();
    if (auto done = remove->run(); !done) return done.error();
  }
  return transaction->commit();
}

class SqliteMamStore final : public MamStore {
 public:
  explicit SqliteMamStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  void archive(ArchivedMessage message) override {
    bool post = false;
    {
      std::lock_guard lock(pending_->mutex);
      pending_->messages.push_back(std::move(message));
      post = !std::exchange(pending_->flush_posted, true);
    }
    // The job holds the queue, not the store: it may run after the store is gone.
    if (post) db_->post("mam archive", [pending = pending_](sqlite3* db) {
      return flush(db, *pending);
    });
  }

  boost::asio::awaitable<Result<MamPage>> query(MamQuery query) override {
    // A flush job is queued ahead of this one for anything archived before the query began.
    auto work = [query = std::move(query)](sqlite3* db) { return run_query(db, query); };
    auto page = co_await db_->run("mam query", std::move(work));
    co_return page;
  }

  boost::asio::awaitable<Result<void>> remove_user(std::string user, std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return delete_user(db, user, host);
    };
    auto removed = co_await db_->run("mam remove_user", std::move(work));
    co_return removed;
  }

  boost::asio::awaitable<Result<std::optional<MamPrefs>>> prefs(std::string user,
                                                                std::string host) override {
    auto work = [user = std::move(user), host = std::move(host)](sqlite3* db) {
      return read_prefs(db, user, host);
    };
    auto read = co_await db_->run("mam prefs", std::move(work));
    co_return read;
  }

  boost::asio::awaitable<Result<void>> set_prefs(std::string user, std::string host,
                                                 MamPrefs prefs) override {
    auto work = [user = std::move(user), host = std::move(host),
                 prefs = std::move(prefs)](sqlite3* db) { return write_prefs(db, user, host, prefs); };
    auto written = co_await db_->run("mam set_prefs", std::move(work));
    co_return written;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
  std::shared_ptr<Pending> pending_ = std::make_shared<Pending>();
};

}  // namespace

std::unique_ptr<MamStore> make_sqlite_mam_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqliteMamStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
