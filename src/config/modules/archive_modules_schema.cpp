// SPDX-License-Identifier: Apache-2.0
// Schemas of the archive-like modules: mod_mam, mod_inbox, mod_smart_markers (MongooseIM
// modules/*.md). Grouped in one translation unit for compile time.
#include "config/modules/inbox_options.hpp"
#include "config/modules/mam_options.hpp"
#include "config/schema.hpp"

namespace meerkat::config::modules {

namespace {

Section<MamArchiveOptions> mam_archive_schema() {
  auto store = one_of({{"rdbms", Backend::kRdbms},
                       {"cassandra", Backend::kCassandra},
                       {"mnesia", Backend::kMnesia}});
  return Section<MamArchiveOptions>{}
      .option("backend", &MamArchiveOptions::backend,
              one_of({{"rdbms", Backend::kRdbms},
                      {"cassandra", Backend::kCassandra},
                      {"elasticsearch", Backend::kElastic}}),
              "Archive storage.")
      .option("no_stanzaid_element", &MamArchiveOptions::no_stanzaid_element,
              "Do not add <stanza-id/> to archived messages.")
      .option("is_archivable_message", &MamArchiveOptions::is_archivable_message, non_empty(),
              "Name of the policy deciding which messages are archived.")
      .validated_only()
      .option("send_message", &MamArchiveOptions::send_message, non_empty(),
              "Name of the function that sends query results.")
      .validated_only()
      .option("archive_chat_markers", &MamArchiveOptions::archive_chat_markers,
              "Archive chat markers (XEP-0333) too.")
      .option("message_retraction", &MamArchiveOptions::message_retraction,
              "Apply XEP-0424 retractions to the archive.")
      .validated_only()
      .option("cache_users", &MamArchiveOptions::cache_users,
              "Cache user ids of the rdbms archive.")
      .validated_only()
      .section("async_writer", &MamArchiveOptions::async_writer,
               Section<MamAsyncWriter>{}
                   .option("enabled", &MamAsyncWriter::enabled, "Write archives in batches.")
                   .option("flush_interval", &MamAsyncWriter::flush_interval, non_negative(),
                           "Milliseconds between batch writes.")
                   .option("batch_size", &MamAsyncWriter::batch_size, non_negative(),
                           "Messages per batch.")
                   .option("pool_size", &MamAsyncWriter::pool_size, non_negative(),
                           "Writer workers; unset: 4 per CPU core."),
               "Batched archive writes (rdbms).")
      .validated_only()
      .option("user_prefs_store", &MamArchiveOptions::user_prefs_store, store,
              "Where archiving preferences are kept; unset: not stored.")
      .validated_only()
      .option("full_text_search", &MamArchiveOptions::full_text_search,
              "Offer the full-text-search query field.")
      .option("default_result_limit", &MamArchiveOptions::default_result_limit, non_negative(),
              "Page size when a query gives none.")
      .option("max_result_limit", &MamArchiveOptions::max_result_limit, non_negative(),
              "Largest page size.")
      .option("enforce_simple_queries", &MamArchiveOptions::enforce_simple_queries,
              "Skip counting results (faster queries without totals).")
      .option("delete_domain_limit", &MamArchiveOptions::delete_domain_limit,
              {non_negative(), or_infinity()}, "Rows deleted per batch when a domain is removed.")
      .validated_only()
      .option("db_jid_format", &MamArchiveOptions::db_jid_format, non_empty(),
              "Encoding of JIDs in the archive.")
      .validated_only()
      .option("db_message_format", &MamArchiveOptions::db_message_format, non_empty(),
              "Encoding of messages in the archive.")
      .validated_only()
      .option("extra_fin_element", &MamArchiveOptions::extra_fin_element, non_empty(),
              "Module adding elements to <fin/>.")
      .validated_only()
      .option("extra_lookup_params", &MamArchiveOptions::extra_lookup_params, non_empty(),
              "Module adding query parameters.")
      .validated_only();
}

Section<MamPmOptions> mam_pm_schema() {
  return Section<MamPmOptions>{}
      .merge(&MamPmOptions::archive, mam_archive_schema())
      .option("archive_groupchats", &MamPmOptions::archive_groupchats,
              "Also store groupchat messages in users' own archives.")
      .validated_only()
      .option("same_mam_id_for_peers", &MamPmOptions::same_mam_id_for_peers,
              "Give sender and recipient copies the same archive id.");
}

Section<MamMucOptions> mam_muc_schema() {
  return Section<MamMucOptions>{}
      .merge(&MamMucOptions::archive, mam_archive_schema())
      .option("host", &MamMucOptions::host, non_empty(),
              "The MUC (or MUC Light) service whose rooms are archived; @HOST@ is the domain.");
}

// pm and muc start from the top-level archive options; their own keys override them. The
// sub-table loaded cleanly the first time, so loading it again over the top-level values
// reports nothing new.
template <class P>
void inherit(std::optional<P>& part, const MamArchiveOptions& top, const char* key,
             const Section<P>& schema, SectionCheck& c) {
  if (!part) return;
  P merged;
  merged.archive = top;
  if (const auto* entry = c.raw().find(key)) {
    LoadContext scratch("", c.context().working_dir());
    load_section(schema.core(), entry->value, &merged, scratch);
  }
  part = std::move(merged);
}

}  // namespace

Section<MamOptions> mam_schema() {
  return Section<MamOptions>{}
      .merge(&MamOptions::archive, mam_archive_schema())
      .section("cache", &MamOptions::cache,
               Section<MamCacheOptions>{}.option(
                   "module", &MamCacheOptions::module,
                   one_of({{"internal", MamCacheModule::kInternal},
                           {"mod_cache_users", MamCacheModule::kModCacheUsers}}),
                   "Which user cache the archive uses."),
               "User cache of the archive.")
      .section("pm", &MamOptions::pm, mam_pm_schema(),
               "One-to-one archive; present (even empty): enabled.")
      .section("muc", &MamOptions::muc, mam_muc_schema(),
               "Group chat archive; present (even empty): enabled.")
      .validated_only()
      .cross_check({}, [](MamOptions& m, SectionCheck& c) {
        inherit(m.pm, m.archive, "pm", mam_pm_schema(), c);
        inherit(m.muc, m.archive, "muc", mam_muc_schema(), c);
      });
}

Section<InboxOptions> inbox_schema() {
  return Section<InboxOptions>{}
      .option("backend", &InboxOptions::backend,
              one_of({{"rdbms", Backend::kRdbms}, {"rdbms_async", Backend::kRdbmsAsync}}),
              "Inbox storage.")
      .section("async_writer", &InboxOptions::async_writer,
               Section<InboxAsyncWriter>{}.option("pool_size", &InboxAsyncWriter::pool_size,
                                                  non_negative(),
                                                  "Writer workers; unset: 2 per CPU core."),
               "Batched writes (rdbms_async).")
      .option("boxes", &InboxOptions::boxes,
              "Extra box names besides inbox, archive, bin and other.")
      .check(
          [](const std::string& b) {
            return !b.empty() && b != "all" && b != "inbox" && b != "archive" && b != "bin" &&
                   b != "other";
          },
          "a non-empty box name other than the built-in all, inbox, archive, bin and other")
      .option("bin_ttl", &InboxOptions::bin_ttl, non_negative(),
              "Days a conversation stays in the bin.")
      .option("bin_clean_after", &InboxOptions::bin_clean_after, non_negative(),
              "Hours between bin cleanups.")
      .option("delete_domain_limit", &InboxOptions::delete_domain_limit,
              {non_negative(), or_infinity()}, "Rows deleted per batch when a domain is removed.")
      .option("reset_markers", &InboxOptions::reset_markers,
              one_of({"displayed", "received", "acknowledged"}),
              "Chat markers that reset the unread count.")
      .option("groupchat", &InboxOptions::groupchat, one_of({"muc", "muclight"}),
              "Group chat kinds tracked in inboxes.")
      .option("aff_changes", &InboxOptions::aff_changes,
              "Show MUC Light affiliation changes in inboxes.")
      .option("remove_on_kicked", &InboxOptions::remove_on_kicked,
              "Remove a room's entry when the user is kicked.")
      .section("iqdisc", &InboxOptions::iqdisc, iqdisc_schema(),
               "How IQ handlers are scheduled (accepted for compatibility).")
      .option("max_result_limit", &InboxOptions::max_result_limit, {positive(), or_infinity()},
              "Largest page of inbox results.");
}

Section<SmartMarkersOptions> smart_markers_schema() {
  return Section<SmartMarkersOptions>{}
      .section("iqdisc", &SmartMarkersOptions::iqdisc, iqdisc_schema(),
               "How IQ handlers are scheduled (accepted for compatibility).")
      .option("backend", &SmartMarkersOptions::backend,
              one_of({{"rdbms", Backend::kRdbms}, {"rdbms_async", Backend::kRdbmsAsync}}),
              "Marker storage.")
      .option("keep_private", &SmartMarkersOptions::keep_private,
              "Do not share a user's markers with other room members.");
}

}  // namespace meerkat::config::modules
