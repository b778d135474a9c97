// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite/sqlite_migrations.hpp"

#include <array>
#include <string>

#include "storage/sqlite/sqlite_statement.hpp"

namespace meerkat::storage::sqlite {
namespace {

// Migration i takes the schema from version i to i + 1. Never edit one that has shipped;
// append a new one. Users are (host, user), normalised by the caller; no table refers to
// accounts, because users of external auth have data but no account row.
constexpr std::array kMigrations = {
    R"sql(
CREATE TABLE accounts (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  password_record TEXT NOT NULL,
  PRIMARY KEY (host, user)
) WITHOUT ROWID;

CREATE TABLE roster_versions (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (host, user)
) WITHOUT ROWID;

CREATE TABLE roster_items (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  jid TEXT NOT NULL,
  name TEXT NOT NULL,
  subscription INTEGER NOT NULL,
  pending_out INTEGER NOT NULL,
  pending_in INTEGER NOT NULL,
  approved INTEGER NOT NULL,
  pending_in_status TEXT NOT NULL,
  in_roster INTEGER NOT NULL,
  PRIMARY KEY (host, user, jid)
);

CREATE TABLE roster_groups (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  jid TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (host, user, jid, name),
  FOREIGN KEY (host, user, jid) REFERENCES roster_items (host, user, jid) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE offline_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  from_jid TEXT NOT NULL,
  to_jid TEXT NOT NULL,
  stamp_us INTEGER NOT NULL,
  stanza TEXT NOT NULL
);
CREATE INDEX offline_messages_by_user ON offline_messages (host, user, id);

CREATE TABLE vcards (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  xml TEXT NOT NULL,
  PRIMARY KEY (host, user)
) WITHOUT ROWID;

CREATE TABLE private_storage (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  xmlns TEXT NOT NULL,
  xml TEXT NOT NULL,
  PRIMARY KEY (host, user, xmlns)
) WITHOUT ROWID;

CREATE TABLE last_activity (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  seconds INTEGER NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (host, user)
) WITHOUT ROWID;

CREATE TABLE blocking (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  jid TEXT NOT NULL,
  PRIMARY KEY (host, user, jid)
) WITHOUT ROWID;
)sql",
    // 2: the message archive (XEP-0313). The id is the archive id itself (time-ordered), so
    // rows are stored in time order and every page is an index range.
    R"sql(
CREATE TABLE mam_messages (
  id INTEGER PRIMARY KEY,
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  remote TEXT NOT NULL,
  remote_resource TEXT NOT NULL,
  outgoing INTEGER NOT NULL,
  origin_id TEXT NOT NULL,
  body TEXT NOT NULL,
  stanza TEXT NOT NULL
);
CREATE INDEX mam_messages_by_user ON mam_messages (host, user, id);
CREATE INDEX mam_messages_by_peer ON mam_messages (host, user, remote, id);

CREATE TABLE mam_prefs (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  default_behaviour TEXT NOT NULL,
  PRIMARY KEY (host, user)
) WITHOUT ROWID;

CREATE TABLE mam_prefs_jids (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  jid TEXT NOT NULL,
  always INTEGER NOT NULL,
  PRIMARY KEY (host, user, jid)
) WITHOUT ROWID;
)sql",
    // 3: personal eventing (XEP-0163) nodes, their items and explicit subscriptions. `seq`
    // orders a node's items by publication (a republished id moves to the end).
    R"sql(
CREATE TABLE pubsub_nodes (
  id INTEGER PRIMARY KEY,
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  name TEXT NOT NULL,
  access_model INTEGER NOT NULL,
  max_items INTEGER,
  persist_items INTEGER NOT NULL,
  send_last INTEGER NOT NULL,
  notify_retract INTEGER NOT NULL,
  UNIQUE (host, user, name)
);

CREATE TABLE pubsub_items (
  node_id INTEGER NOT NULL REFERENCES pubsub_nodes (id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  publisher TEXT NOT NULL,
  published_us INTEGER NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (node_id, item_id)
);
CREATE INDEX pubsub_items_by_seq ON pubsub_items (node_id, seq);

CREATE TABLE pubsub_subscriptions (
  node_id INTEGER NOT NULL REFERENCES pubsub_nodes (id) ON DELETE CASCADE,
  jid TEXT NOT NULL,
  bare_jid TEXT NOT NULL,
  PRIMARY KEY (node_id, jid)
);
CREATE INDEX pubsub_subscriptions_by_bare_jid ON pubsub_subscriptions (bare_jid);
)sql",
    // 4: XEP-0357 push registrations.
    R"sql(
CREATE TABLE push_registrations (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  pubsub_jid TEXT NOT NULL,
  node TEXT NOT NULL,
  form TEXT NOT NULL,
  PRIMARY KEY (host, user, pubsub_jid, node)
) WITHOUT ROWID;
)sql",
    // 5: XEP-0484 FAST tokens, a current and a next token per client (user-agent id).
    R"sql(
CREATE TABLE fast_tokens (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  current_secret TEXT,
  current_mechanism TEXT,
  current_expires_at INTEGER,
  current_count INTEGER,
  next_secret TEXT,
  next_mechanism TEXT,
  next_expires_at INTEGER,
  next_count INTEGER,
  PRIMARY KEY (host, user, agent_id)
) WITHOUT ROWID;
)sql",
    // 6: archive ids unique per user, not globally, so that both archives of a message
    // between two local users can hold it under one id (same_mam_id_for_peers).
    R"sql(
CREATE TABLE mam_messages_per_user (
  id INTEGER NOT NULL,
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  remote TEXT NOT NULL,
  remote_resource TEXT NOT NULL,
  outgoing INTEGER NOT NULL,
  origin_id TEXT NOT NULL,
  body TEXT NOT NULL,
  stanza TEXT NOT NULL
);
INSERT INTO mam_messages_per_user
  SELECT id, host, user, remote, remote_resource, outgoing, origin_id, body, stanza
  FROM mam_messages ORDER BY id;
DROP TABLE mam_messages;
ALTER TABLE mam_messages_per_user RENAME TO mam_messages;
CREATE UNIQUE INDEX mam_messages_by_user ON mam_messages (host, user, id);
CREATE INDEX mam_messages_by_peer ON mam_messages (host, user, remote, id);
)sql",
    // 7: the latest chat marker (XEP-0333) of each type per conversation (mod_smart_markers).
    R"sql(
CREATE TABLE smart_markers (
  from_jid TEXT NOT NULL,
  to_jid TEXT NOT NULL,
  thread TEXT NOT NULL,
  type TEXT NOT NULL,
  message_id TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (from_jid, to_jid, thread, type)
) WITHOUT ROWID;
CREATE INDEX smart_markers_by_peer ON smart_markers (to_jid);
)sql",
    // 8: the administrator password of each domain (the GraphQL domain_admin endpoint).
    R"sql(
CREATE TABLE domain_admins (
  domain TEXT PRIMARY KEY,
  password TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 9: dynamic domains (MongooseIM's domain_settings): host type and status of each.
    R"sql(
CREATE TABLE domain_settings (
  domain TEXT PRIMARY KEY,
  host_type TEXT NOT NULL,
  status TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 10: the refresh-token sequence number of each user (mod_auth_token).
    R"sql(
CREATE TABLE auth_tokens (
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  PRIMARY KEY (host, user)
) WITHOUT ROWID;
)sql",
};

Result<int> schema_version(sqlite3* db) {
  auto statement = Statement::prepare(db, "PRAGMA user_version");
  if (!statement) return statement.error();
  auto row = statement->next();
  if (!row) return row.error();
  return *row ? static_cast<int>(statement->integer(0)) : 0;
}

// PRAGMA takes no bound parameters; the number comes from this file, never from input.
Result<void> set_schema_version(sqlite3* db, int version) {
  const std::string sql = "PRAGMA user_version = " + std::to_string(version);
  return execute(db, sql.c_str());
}

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

Result<void> migrate(sqlite3* db) {
  // A write transaction, so two processes opening a new file do not both migrate it.
  auto transaction = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!transaction) return transaction.error();
  auto version = schema_version(db);
  if (!version) return version.error();
  if (*version > latest_schema_version()) {
    return Error::internal("database schema version " + std::to_string(*version) +
                           " is newer than this Meerkat knows (" +
                           std::to_string(latest_schema_version()) + ")");
  }
  for (int next = *version; next < latest_schema_version(); ++next) {
    auto applied = execute(db, kMigrations[static_cast<std::size_t>(next)]);
    if (!applied) return applied.error();
  }
  if (*version < latest_schema_version()) {
    auto recorded = set_schema_version(db, latest_schema_version());
    if (!recorded) return recorded.error();
  }
  return transaction->commit();
}

}  // namespace meerkat::storage::sqlite
