// SPDX-License-Identifier: Apache-2.0
// PubsubStore over SQLite: pubsub_nodes per (host, user, name), their items ordered by a
// per-node sequence number, and explicit subscriptions. Items and subscriptions go with
// their node (foreign-key cascade).
#include <algorithm>
#include <utility>

#include "storage/pubsub_store.hpp"
#include "storage/sqlite/sqlite_statement.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::storage::sqlite {
namespace {

using Clock = std::chrono::system_clock;

constexpr const char* kConfigColumns =
    "access_model, max_items, persist_items, send_last, notify_retract";

std::int64_t to_micros(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

Clock::time_point from_micros(std::int64_t us) {
  return Clock::time_point(
      std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(us)));
}

// max_items is NULL for "max"; SQLite integers are signed.
std::int64_t as_integer(std::uint64_t n) {
  return static_cast<std::int64_t>(std::min<std::uint64_t>(n, INT64_MAX));
}

// Reads the five configuration columns starting at `first`.
PubsubNodeConfig config_at(const Statement& row, int first) {
  PubsubNodeConfig config;
  config.access = static_cast<PubsubAccess>(row.integer(first));
  if (!row.is_null(first + 1))
    config.max_items = static_cast<std::uint64_t>(row.integer(first + 1));
  config.persist_items = row.integer(first + 2) != 0;
  config.send_last = static_cast<SendLastItem>(row.integer(first + 3));
  config.notify_retract = row.integer(first + 4) != 0;
  return config;
}

// Binds a configuration to ?4 … ?8 of an INSERT or UPDATE that uses ?1 … ?3 for the node.
Result<void> bind_config(Statement& statement, const PubsubNodeConfig& config) {
  Result<void> bound = statement.bind_integer(4, static_cast<int>(config.access));
  if (bound) {
    bound = config.max_items ? statement.bind_integer(5, as_integer(*config.max_items))
                             : statement.bind_null(5);
  }
  if (bound) bound = statement.bind_integer(6, config.persist_items);
  if (bound) bound = statement.bind_integer(7, static_cast<int>(config.send_last));
  if (bound) bound = statement.bind_integer(8, config.notify_retract);
  return bound;
}

Result<std::optional<std::int64_t>> node_id(sqlite3* db, const PubsubOwner& owner,
                                            const std::string& name) {
  auto select = Statement::prepare(
      db, "SELECT id FROM pubsub_nodes WHERE host = ?1 AND user = ?2 AND name = ?3", owner.host,
      owner.user, name);
  if (!select) return select.error();
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(select->integer(0));
}

Result<std::vector<std::string>> subscribers_of(sqlite3* db, std::int64_t node) {
  auto select = Statement::prepare(
      db, "SELECT jid FROM pubsub_subscriptions WHERE node_id = ?1 ORDER BY jid", node);
  if (!select) return select.error();
  std::vector<std::string> jids;
  auto read = select->each([&jids](const Statement& row) -> Result<void> {
    jids.push_back(row.text(0));
    return {};
  });
  if (!read) return read.error();
  return jids;
}

Result<std::vector<PubsubNode>> read_nodes(sqlite3* db, const PubsubOwner& owner,
                                           const std::optional<std::string>& only) {
  const std::string sql = std::string("SELECT id, name, ") + kConfigColumns +
                          " FROM pubsub_nodes WHERE host = ?1 AND user = ?2" +
                          (only ? " AND name = ?3" : "") + " ORDER BY name";
  auto select = Statement::prepare(db, sql.c_str(), owner.host, owner.user);
  if (!select) return select.error();
  if (only) {
    if (auto bound = select->bind_text(3, *only); !bound) return bound.error();
  }
  std::vector<std::pair<std::int64_t, PubsubNode>> found;
  auto read = select->each([&found](const Statement& row) -> Result<void> {
    found.emplace_back(row.integer(0), PubsubNode{row.text(1), config_at(row, 2), {}});
    return {};
  });
  if (!read) return read.error();
  std::vector<PubsubNode> nodes;
  for (auto& [id, node] : found) {
    auto subscribers = subscribers_of(db, id);
    if (!subscribers) return subscribers.error();
    node.subscribers = std::move(*subscribers);
    nodes.push_back(std::move(node));
  }
  return nodes;
}

Result<bool> insert_node(sqlite3* db, const PubsubOwner& owner, const std::string& name,
                         const PubsubNodeConfig& config) {
  const std::string sql = std::string("INSERT INTO pubsub_nodes (host, user, name, ") +
                          kConfigColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) " +
                          "ON CONFLICT DO NOTHING";
  auto insert = Statement::prepare(db, sql.c_str(), owner.host, owner.user, name);
  if (!insert) return insert.error();
  if (auto bound = bind_config(*insert, config); !bound) return bound.error();
  if (auto done = insert->run(); !done) return done.error();
  return sqlite3_changes(db) > 0;
}

// Deletes all but the newest `keep` items of the node.
Result<void> trim(sqlite3* db, std::int64_t node, std::optional<std::uint64_t> keep) {
  if (!keep) return {};
  auto remove = Statement::prepare(
      db,
      "DELETE FROM pubsub_items WHERE node_id = ?1 AND seq NOT IN "
      "(SELECT seq FROM pubsub_items WHERE node_id = ?1 ORDER BY seq DESC LIMIT ?2)",
      node, as_integer(*keep));
  if (!remove) return remove.error();
  return remove->run();
}

Result<bool> update_node(sqlite3* db, const PubsubOwner& owner, const std::string& name,
                         const PubsubNodeConfig& config, std::optional<std::uint64_t> keep) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto id = node_id(db, owner, name);
  if (!id) return id.error();
  if (!*id) return false;
  auto update = Statement::prepare(
      db,
      "UPDATE pubsub_nodes SET access_model = ?4, max_items = ?5, persist_items = ?6, "
      "send_last = ?7, notify_retract = ?8 WHERE host = ?1 AND user = ?2 AND name = ?3",
      owner.host, owner.user, name);
  if (!update) return update.error();
  if (auto bound = bind_config(*update, config); !bound) return bound.error();
  if (auto done = update->run(); !done) return done.error();
  if (auto trimmed = trim(db, **id, keep); !trimmed) return trimmed.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return true;
}

Result<bool> delete_node(sqlite3* db, const PubsubOwner& owner, const std::string& name) {
  auto remove =
      Statement::prepare(db, "DELETE FROM pubsub_nodes WHERE host = ?1 AND user = ?2 AND name = ?3",
                         owner.host, owner.user, name);
  if (!remove) return remove.error();
  if (auto done = remove->run(); !done) return done.error();
  return sqlite3_changes(db) > 0;
}

Result<void> store_item(sqlite3* db, std::int64_t node, const PubsubItem& item) {
  auto upsert = Statement::prepare(
      db,
      "INSERT INTO pubsub_items (node_id, item_id, seq, publisher, published_us, payload) "
      "VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pubsub_items WHERE node_id = ?1), "
      "?3, ?4, ?5) ON CONFLICT (node_id, item_id) DO UPDATE SET seq = excluded.seq, "
      "publisher = excluded.publisher, published_us = excluded.published_us, "
      "payload = excluded.payload",
      node, item.id, item.publisher, to_micros(item.published), item.payload);
  if (!upsert) return upsert.error();
  return upsert->run();
}

Result<void> publish_item(sqlite3* db, const PubsubPublish& p) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto created = insert_node(db, p.owner, p.node, p.create_with);
  if (!created) return created.error();
  auto id = node_id(db, p.owner, p.node);
  if (!id) return id.error();
  if (!*id) return Error::internal("pubsub node vanished during publish");
  if (p.item) {
    if (auto stored = store_item(db, **id, *p.item); !stored) return stored.error();
    if (auto trimmed = trim(db, **id, p.keep); !trimmed) return trimmed.error();
  }
  return transaction->commit();
}

Result<bool> delete_item(sqlite3* db, const PubsubOwner& owner, const std::string& name,
                         const std::string& item_id) {
  auto remove = Statement::prepare(
      db,
      "DELETE FROM pubsub_items WHERE item_id = ?4 AND node_id = "
      "(SELECT id FROM pubsub_nodes WHERE host = ?1 AND user = ?2 AND name = ?3)",
      owner.host, owner.user, name, item_id);
  if (!remove) return remove.error();
  if (auto done = remove->run(); !done) return done.error();
  return sqlite3_changes(db) > 0;
}

PubsubItem item_at(const Statement& row, int first) {
  return {row.text(first), row.text(first + 1), from_micros(row.integer(first + 2)),
          row.text(first + 3)};
}

Result<std::vector<PubsubItem>> read_items(sqlite3* db, const PubsubOwner& owner,
                                           const std::string& name,
                                           const std::vector<std::string>& ids,
                                           std::optional<std::uint64_t> last) {
  auto id = node_id(db, owner, name);
  if (!id) return id.error();
  std::vector<PubsubItem> items;
  if (!*id) return items;
  auto collect = [&items](const Statement& row) -> Result<void> {
    items.push_back(item_at(row, 0));
    return {};
  };
  if (!ids.empty()) {
    for (const auto& item_id : ids) {
      auto select =
          Statement::prepare(db,
                             "SELECT item_id, publisher, published_us, payload FROM pubsub_items "
                             "WHERE node_id = ?1 AND item_id = ?2",
                             **id, item_id);
      if (!select) return select.error();
      if (auto read = select->each(collect); !read) return read.error();
    }
    return items;
  }
  // The newest `last` (all without it), read newest first and returned oldest first.
  auto select = Statement::prepare(
      db,
      "SELECT item_id, publisher, published_us, payload FROM pubsub_items WHERE node_id = ?1 "
      "ORDER BY seq DESC LIMIT ?2",
      **id, last ? as_integer(*last) : std::int64_t{-1});
  if (!select) return select.error();
  if (auto read = select->each(collect); !read) return read.error();
  std::reverse(items.begin(), items.end());
  return items;
}

std::string bare_of(const std::string& jid) {
  auto slash = jid.find('/');
  return slash == std::string::npos ? jid : jid.substr(0, slash);
}

Result<bool> add_subscription(sqlite3* db, const PubsubOwner& owner, const std::string& name,
                              const std::string& jid) {
  auto insert = Statement::prepare(
      db,
      "INSERT INTO pubsub_subscriptions (node_id, jid, bare_jid) SELECT id, ?4, ?5 FROM "
      "pubsub_nodes WHERE host = ?1 AND user = ?2 AND name = ?3 ON CONFLICT DO NOTHING",
      owner.host, owner.user, name, jid, bare_of(jid));
  if (!insert) return insert.error();
  if (auto done = insert->run(); !done) return done.error();
  return sqlite3_changes(db) > 0;
}

Result<bool> delete_subscription(sqlite3* db, const PubsubOwner& owner, const std::string& name,
                                 const std::string& jid) {
  auto remove = Statement::prepare(
      db,
      "DELETE FROM pubsub_subscriptions WHERE jid = ?4 AND node_id = "
      "(SELECT id FROM pubsub_nodes WHERE host = ?1 AND user = ?2 AND name = ?3)",
      owner.host, owner.user, name, jid);
  if (!remove) return remove.error();
  if (auto done = remove->run(); !done) return done.error();
  return sqlite3_changes(db) > 0;
}

Result<std::vector<PubsubLastItem>> read_last_items(sqlite3* db,
                                                    const std::vector<PubsubOwner>& owners) {
  constexpr const char* kSql =
      "SELECT n.name, n.access_model, n.max_items, n.persist_items, n.send_last, "
      "n.notify_retract, i.item_id, i.publisher, i.published_us, i.payload "
      "FROM pubsub_nodes n JOIN pubsub_items i ON i.node_id = n.id "
      "WHERE n.host = ?1 AND n.user = ?2 AND i.seq = "
      "(SELECT MAX(seq) FROM pubsub_items WHERE node_id = n.id) ORDER BY n.name";
  std::vector<PubsubLastItem> found;
  for (const auto& owner : owners) {
    auto select = Statement::prepare(db, kSql, owner.host, owner.user);
    if (!select) return select.error();
    auto read = select->each([&](const Statement& row) -> Result<void> {
      found.push_back({owner, row.text(0), config_at(row, 1), item_at(row, 6)});
      return {};
    });
    if (!read) return read.error();
  }
  return found;
}

Result<void> delete_user(sqlite3* db, const PubsubOwner& owner, const std::string& bare_jid) {
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto nodes = Statement::prepare(db, "DELETE FROM pubsub_nodes WHERE host = ?1 AND user = ?2",
                                  owner.host, owner.user);
  if (!nodes) return nodes.error();
  if (auto done = nodes->run(); !done) return done.error();
  auto subscriptions =
      Statement::prepare(db, "DELETE FROM pubsub_subscriptions WHERE bare_jid = ?1", bare_jid);
  if (!subscriptions) return subscriptions.error();
  if (auto done = subscriptions->run(); !done) return done.error();
  return transaction->commit();
}

class SqlitePubsubStore final : public PubsubStore {
 public:
  explicit SqlitePubsubStore(std::shared_ptr<SqliteDatabase> database) : db_(std::move(database)) {}

  boost::asio::awaitable<Result<std::optional<PubsubNode>>> node(PubsubOwner owner,
                                                                 std::string name) override {
    auto work = [owner = std::move(owner),
                 name = std::move(name)](sqlite3* db) -> Result<std::optional<PubsubNode>> {
      auto nodes = read_nodes(db, owner, name);
      if (!nodes) return nodes.error();
      if (nodes->empty()) return std::optional<PubsubNode>();
      return std::optional<PubsubNode>(std::move(nodes->front()));
    };
    auto found = co_await db_->run("pubsub node", std::move(work));
    co_return found;
  }

  boost::asio::awaitable<Result<std::vector<PubsubNode>>> nodes(PubsubOwner owner) override {
    auto work = [owner = std::move(owner)](sqlite3* db) {
      return read_nodes(db, owner, std::nullopt);
    };
    auto found = co_await db_->run("pubsub nodes", std::move(work));
    co_return found;
  }

  boost::asio::awaitable<Result<bool>> create(PubsubOwner owner, std::string name,
                                              PubsubNodeConfig config) override {
    auto work = [owner = std::move(owner), name = std::move(name), config](sqlite3* db) {
      return insert_node(db, owner, name, config);
    };
    auto created = co_await db_->run("pubsub create", std::move(work));
    co_return created;
  }

  boost::asio::awaitable<Result<bool>> configure(PubsubOwner owner, std::string name,
                                                 PubsubNodeConfig config,
                                                 std::optional<std::uint64_t> keep) override {
    auto work = [owner = std::move(owner), name = std::move(name), config, keep](sqlite3* db) {
      return update_node(db, owner, name, config, keep);
    };
    auto updated = co_await db_->run("pubsub configure", std::move(work));
    co_return updated;
  }

  boost::asio::awaitable<Result<bool>> remove(PubsubOwner owner, std::string name) override {
    auto work = [owner = std::move(owner), name = std::move(name)](sqlite3* db) {
      return delete_node(db, owner, name);
    };
    auto removed = co_await db_->run("pubsub delete", std::move(work));
    co_return removed;
  }

  boost::asio::awaitable<Result<void>> publish(PubsubPublish publish) override {
    auto work = [publish = std::move(publish)](sqlite3* db) { return publish_item(db, publish); };
    auto published = co_await db_->run("pubsub publish", std::move(work));
    co_return published;
  }

  boost::asio::awaitable<Result<bool>> retract(PubsubOwner owner, std::string name,
                                               std::string item_id) override {
    auto work = [owner = std::move(owner), name = std::move(name), item_id = std::move(item_id)](
                    sqlite3* db) { return delete_item(db, owner, name, item_id); };
    auto retracted = co_await db_->run("pubsub retract", std::move(work));
    co_return retracted;
  }

  boost::asio::awaitable<Result<std::vector<PubsubItem>>> items(
      PubsubOwner owner, std::string name, std::vector<std::string> ids,
      std::optional<std::uint64_t> last) override {
    auto work = [owner = std::move(owner), name = std::move(name), ids = std::move(ids),
                 last](sqlite3* db) { return read_items(db, owner, name, ids, last); };
    auto items = co_await db_->run("pubsub items", std::move(work));
    co_return items;
  }

  boost::asio::awaitable<Result<bool>> subscribe(PubsubOwner owner, std::string name,
                                                 std::string jid) override {
    auto work = [owner = std::move(owner), name = std::move(name), jid = std::move(jid)](
                    sqlite3* db) { return add_subscription(db, owner, name, jid); };
    auto added = co_await db_->run("pubsub subscribe", std::move(work));
    co_return added;
  }

  boost::asio::awaitable<Result<bool>> unsubscribe(PubsubOwner owner, std::string name,
                                                   std::string jid) override {
    auto work = [owner = std::move(owner), name = std::move(name), jid = std::move(jid)](
                    sqlite3* db) { return delete_subscription(db, owner, name, jid); };
    auto removed = co_await db_->run("pubsub unsubscribe", std::move(work));
    co_return removed;
  }

  boost::asio::awaitable<Result<std::vector<PubsubLastItem>>> last_items(
      std::vector<PubsubOwner> owners) override {
    auto work = [owners = std::move(owners)](sqlite3* db) { return read_last_items(db, owners); };
    auto found = co_await db_->run("pubsub last items", std::move(work));
    co_return found;
  }

  boost::asio::awaitable<Result<void>> remove_user(PubsubOwner owner,
                                                   std::string bare_jid) override {
    auto work = [owner = std::move(owner), bare_jid = std::move(bare_jid)](sqlite3* db) {
      return delete_user(db, owner, bare_jid);
    };
    auto removed = co_await db_->run("pubsub remove user", std::move(work));
    co_return removed;
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

std::unique_ptr<PubsubStore> make_sqlite_pubsub_store(std::shared_ptr<SqliteDatabase> database) {
  return std::make_unique<SqlitePubsubStore>(std::move(database));
}

}  // namespace meerkat::storage::sqlite
