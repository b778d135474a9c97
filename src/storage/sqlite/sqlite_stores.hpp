// SPDX-License-Identifier: Apache-2.0
// The SQLite backend (DESIGN.md "Storage": the embedded default, one file, zero set-up):
// every store over one SqliteDatabase.
#pragma once

#include <filesystem>
#include <memory>

#include "storage/sqlite/sqlite_database.hpp"
#include "storage/stores.hpp"

namespace meerkat::storage::sqlite {

// Opens (creating and migrating as needed) the database file and returns every store over
// it. Blocks while it opens: call it at start-up or from the command line. For a command-line
// tool, drive the stores with storage::run_blocking (storage/run_blocking.hpp).
Result<Stores> open_sqlite_stores(std::filesystem::path file);

// The same over a database that is already open.
Stores make_sqlite_stores(std::shared_ptr<SqliteDatabase> database);

// One store each; each keeps `database` alive.
std::unique_ptr<AccountStore> make_sqlite_account_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<RosterStore> make_sqlite_roster_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<OfflineStore> make_sqlite_offline_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<VcardStore> make_sqlite_vcard_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<PrivateStore> make_sqlite_private_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<DomainStore> make_sqlite_domain_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<LastStore> make_sqlite_last_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<BlockingStore> make_sqlite_blocking_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<MamStore> make_sqlite_mam_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<PubsubStore> make_sqlite_pubsub_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<PushStore> make_sqlite_push_store(std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<FastTokenStore> make_sqlite_fast_token_store(
    std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<SmartMarkerStore> make_sqlite_smart_marker_store(
    std::shared_ptr<SqliteDatabase> database);
std::unique_ptr<AuthTokenStore> make_sqlite_auth_token_store(
    std::shared_ptr<SqliteDatabase> database);

}  // namespace meerkat::storage::sqlite
