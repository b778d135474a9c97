// SPDX-License-Identifier: Apache-2.0
// mod_mam: XEP-0313 message archive management (MongooseIM modules/mod_mam.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct MamAsyncWriter {
  bool enabled = true;
  std::chrono::milliseconds flush_interval{2000};
  int batch_size = 30;
  std::optional<int> pool_size;  // unset: 4 per CPU core
};

// Options that apply to both archives; pm and muc may override each of them.
struct MamArchiveOptions {
  Backend backend = Backend::kRdbms;
  bool no_stanzaid_element = false;
  std::string is_archivable_message = "mod_mam_utils";
  std::string send_message = "mod_mam_utils";
  bool archive_chat_markers = false;
  bool message_retraction = true;
  bool cache_users = true;
  MamAsyncWriter async_writer;
  std::optional<Backend> user_prefs_store;
  bool full_text_search = true;
  int default_result_limit = 50;
  int max_result_limit = 50;
  bool enforce_simple_queries = false;
  std::optional<std::uint64_t> delete_domain_limit;  // nullopt: infinity
  std::optional<std::string> db_jid_format;          // unset: per archive kind
  std::optional<std::string> db_message_format;      // unset: per backend
  std::optional<std::string> extra_fin_element;
  std::optional<std::string> extra_lookup_params;
};

struct MamPmOptions {
  MamArchiveOptions archive;  // the top-level options with pm's own overrides applied
  bool archive_groupchats = false;
  bool same_mam_id_for_peers = false;
};

struct MamMucOptions {
  MamArchiveOptions archive;  // the top-level options with muc's own overrides applied
  std::string host = "conference.@HOST@";
};

enum class MamCacheModule { kInternal, kModCacheUsers };
struct MamCacheOptions {
  MamCacheModule module = MamCacheModule::kInternal;
};

struct MamOptions {
  static constexpr const char* kName = "mod_mam";
  MamArchiveOptions archive;
  MamCacheOptions cache;
  std::optional<MamPmOptions> pm;    // set: one-to-one archive enabled
  std::optional<MamMucOptions> muc;  // set: MUC archive enabled
};

Section<MamOptions> mam_schema();

}  // namespace meerkat::config::modules
