// SPDX-License-Identifier: Apache-2.0
// Stores: one object per storage concern, all from one backend (DESIGN.md "Storage"). Only
// app/ chooses the backend (sqlite/sqlite_stores.hpp, memory/memory_stores.hpp).
#pragma once

#include <memory>

#include "storage/account_store.hpp"
#include "storage/auth_token_store.hpp"
#include "storage/blocking_store.hpp"
#include "storage/domain_store.hpp"
#include "storage/fast_token_store.hpp"
#include "storage/last_store.hpp"
#include "storage/mam_store.hpp"
#include "storage/offline_store.hpp"
#include "storage/private_store.hpp"
#include "storage/pubsub_store.hpp"
#include "storage/push_store.hpp"
#include "storage/roster_store.hpp"
#include "storage/smart_marker_store.hpp"
#include "storage/vcard_store.hpp"

namespace meerkat::storage {

struct Stores {
  std::unique_ptr<AccountStore> accounts;
  std::unique_ptr<RosterStore> roster;
  std::unique_ptr<OfflineStore> offline;
  std::unique_ptr<VcardStore> vcard;
  std::unique_ptr<PrivateStore> private_storage;
  std::unique_ptr<LastStore> last;
  std::unique_ptr<BlockingStore> blocking;
  std::unique_ptr<MamStore> mam;        // null in backends without an archive
  std::unique_ptr<PubsubStore> pubsub;  // null in backends without personal eventing
  std::unique_ptr<PushStore> push;      // null in backends without push registrations
  std::unique_ptr<FastTokenStore> fast_tokens;      // null in backends without XEP-0484 tokens
  std::unique_ptr<SmartMarkerStore> smart_markers;  // null in backends without chat markers
  std::unique_ptr<DomainStore> domains;  // null in backends without domain administrators
  std::unique_ptr<AuthTokenStore> auth_tokens;  // null in backends without refresh tokens
  // The database every store above shares (a SqliteDatabase, a MemoryDatabase). Shared
  // because each store also holds it, so one store can be moved out and still work; it is
  // here so the owner of Stores can see the backend live exactly as long as it does.
  std::shared_ptr<void> backend;
};

}  // namespace meerkat::storage
