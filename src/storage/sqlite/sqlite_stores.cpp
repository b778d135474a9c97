// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite/sqlite_stores.hpp"

#include <utility>

namespace meerkat::storage::sqlite {

Result<Stores> open_sqlite_stores(std::filesystem::path file) {
  auto database = SqliteDatabase::open(std::move(file));
  if (!database) return database.error();
  return make_sqlite_stores(std::shared_ptr<SqliteDatabase>(std::move(*database)));
}

Stores make_sqlite_stores(std::shared_ptr<SqliteDatabase> database) {
  Stores stores;
  stores.accounts = make_sqlite_account_store(database);
  stores.roster = make_sqlite_roster_store(database);
  stores.offline = make_sqlite_offline_store(database);
  stores.vcard = make_sqlite_vcard_store(database);
  stores.private_storage = make_sqlite_private_store(database);
  stores.last = make_sqlite_last_store(database);
  stores.blocking = make_sqlite_blocking_store(database);
  stores.mam = make_sqlite_mam_store(database);
  stores.pubsub = make_sqlite_pubsub_store(database);
  stores.push = make_sqlite_push_store(database);
  stores.fast_tokens = make_sqlite_fast_token_store(database);
  stores.smart_markers = make_sqlite_smart_marker_store(database);
  stores.domains = make_sqlite_domain_store(database);
  stores.auth_tokens = make_sqlite_auth_token_store(database);
  stores.backend = std::move(database);
  return stores;
}

}  // namespace meerkat::storage::sqlite
