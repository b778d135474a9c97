// SPDX-License-Identifier: Apache-2.0
// The SQLite schema as numbered migrations (DESIGN.md "Storage"); the file's
// PRAGMA user_version records how many have been applied.
#pragma once

#include <sqlite3.h>

#include "core/error/error.hpp"

namespace meerkat::storage::sqlite {

// The schema version this build creates: the number of migrations it knows.
int latest_schema_version();

// Applies, in one write transaction, every migration the file lacks. Fails without a change
// when the file's version is newer than latest_schema_version() (written by a newer Meerkat).
Result<void> migrate(sqlite3* db);

}  // namespace meerkat::storage::sqlite
