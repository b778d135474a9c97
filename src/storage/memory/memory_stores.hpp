// SPDX-License-Identifier: Apache-2.0
// The in-memory backend: every store over one MemoryDatabase, for unit tests of streams and
// modules. No threads; calls complete without suspending. Same contracts as sqlite/.
#pragma once

#include "storage/stores.hpp"

namespace meerkat::storage::memory {

Stores make_memory_stores();

}  // namespace meerkat::storage::memory
