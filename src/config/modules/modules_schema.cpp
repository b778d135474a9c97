// SPDX-License-Identifier: Apache-2.0
// Modules not marked validated-only run (app/module_list.cpp); the others have every option
// checked, and the application refuses to start them. mod_event_pusher_{push,http,sns,
// rabbit} of the reference are the backends of mod_event_pusher, not modules of their own.
#include "config/modules/modules_schema.hpp"

#include "config/schema.hpp"

namespace meerkat::config::modules {

Section<ModulesOptions> modules_schema() {
  return Section<ModulesOptions>{}
      .record_keys(&ModulesOptions::enabled)
      .section("mod_adhoc", &ModulesOptions::mod_adhoc, adhoc_schema(), "XEP-0050 ad-hoc commands.")
      .validated_only()
      .section("mod_amp", &ModulesOptions::mod_amp, amp_schema(),
               "XEP-0079 advanced message processing.")
      .validated_only()
      .section("mod_auth_token", &ModulesOptions::mod_auth_token, auth_token_schema(),
               "X-OAUTH tokens.")
      .section("mod_bind2", &ModulesOptions::mod_bind2, bind2_schema(), "XEP-0386 Bind 2.")
      .section("mod_blocking", &ModulesOptions::mod_blocking, blocking_schema(),
               "XEP-0191 blocking command.")
      .section("mod_blocklist", &ModulesOptions::mod_blocklist, blocklist_schema(),
               "Server-wide user blocklist.")
      .validated_only()
      .section("mod_bosh", &ModulesOptions::mod_bosh, bosh_schema(),
               "BOSH sessions (older form of services.service_bosh).")
      .section("mod_broadcast", &ModulesOptions::mod_broadcast, broadcast_schema(),
               "Messages broadcast to many users.")
      .validated_only()
      .section("mod_cache_users", &ModulesOptions::mod_cache_users, cache_users_schema(),
               "Cache of known users.")
      .validated_only()
      .section("mod_caps", &ModulesOptions::mod_caps, caps_schema(),
               "XEP-0115 entity capabilities.")
      .section("mod_carboncopy", &ModulesOptions::mod_carboncopy, carboncopy_schema(),
               "XEP-0280 message carbons.")
      .section("mod_csi", &ModulesOptions::mod_csi, csi_schema(),
               "XEP-0352 client state indication.")
      .section("mod_disco", &ModulesOptions::mod_disco, disco_schema(),
               "XEP-0030 service discovery.")
      .section("mod_domain_isolation", &ModulesOptions::mod_domain_isolation,
               domain_isolation_schema(), "No traffic between hosted domains.")
      .validated_only()
      .section("mod_event_pusher", &ModulesOptions::mod_event_pusher, event_pusher_schema(),
               "Event notifications: push (XEP-0357), http, sns, rabbit.")
      .section("mod_extdisco", &ModulesOptions::mod_extdisco, extdisco_schema(),
               "XEP-0215 external service discovery.")
      .validated_only()
      .section("mod_external_filter", &ModulesOptions::mod_external_filter,
               external_filter_schema(), "Message delivery decided by an external service.")
      .validated_only()
      .section("mod_fast_auth_token", &ModulesOptions::mod_fast_auth_token,
               fast_auth_token_schema(), "XEP-0484 FAST authentication tokens.")
      .section("mod_global_distrib", &ModulesOptions::mod_global_distrib, global_distrib_schema(),
               "One domain across data centres.")
      .validated_only()
      .section("mod_http_upload", &ModulesOptions::mod_http_upload, http_upload_schema(),
               "XEP-0363 HTTP file upload.")
      .section("mod_inbox", &ModulesOptions::mod_inbox, inbox_schema(), "Inbox of conversations.")
      .validated_only()
      .section("mod_keystore", &ModulesOptions::mod_keystore, keystore_schema(),
               "Keys for mod_auth_token.")
      .section("mod_last", &ModulesOptions::mod_last, last_schema(), "XEP-0012 last activity.")
      .section("mod_mam", &ModulesOptions::mod_mam, mam_schema(),
               "XEP-0313 message archive management.")
      .section("mod_muc", &ModulesOptions::mod_muc, muc_schema(), "XEP-0045 multi-user chat.")
      .validated_only()
      .section("mod_muc_light", &ModulesOptions::mod_muc_light, muc_light_schema(),
               "MUC Light group chats.")
      .validated_only()
      .section("mod_offline", &ModulesOptions::mod_offline, offline_schema(),
               "XEP-0160 offline messages.")
      .section("mod_offline_stub", &ModulesOptions::mod_offline_stub, offline_stub_schema(),
               "Silently drop messages to offline users.")
      .validated_only()
      .section("mod_ping", &ModulesOptions::mod_ping, ping_schema(), "XEP-0199 XMPP ping.")
      .section("mod_presence", &ModulesOptions::mod_presence, presence_schema(),
               "RFC 6121 presence handling.")
      .section("mod_privacy", &ModulesOptions::mod_privacy, privacy_schema(),
               "XEP-0016 privacy lists.")
      .validated_only()
      .section("mod_private", &ModulesOptions::mod_private, private_schema(),
               "XEP-0049 private XML storage.")
      .section("mod_pubsub", &ModulesOptions::mod_pubsub, pubsub_schema(),
               "XEP-0163 personal eventing.")
      .section("mod_pubsub_old", &ModulesOptions::mod_pubsub_old, pubsub_old_schema(),
               "XEP-0060 publish-subscribe with node plugins.")
      .validated_only()
      .section("mod_push_service_mongoosepush", &ModulesOptions::mod_push_service_mongoosepush,
               push_service_mongoosepush_schema(), "Push notifications through MongoosePush.")
      .validated_only()
      .section("mod_register", &ModulesOptions::mod_register, register_schema(),
               "XEP-0077 in-band registration.")
      .section("mod_roster", &ModulesOptions::mod_roster, roster_schema(), "RFC 6121 rosters.")
      .section("mod_sasl2", &ModulesOptions::mod_sasl2, sasl2_schema(),
               "XEP-0388 extensible SASL profile.")
      .section("mod_shared_roster_ldap", &ModulesOptions::mod_shared_roster_ldap,
               shared_roster_ldap_schema(), "Roster groups from LDAP.")
      .validated_only()
      .section("mod_sic", &ModulesOptions::mod_sic, sic_schema(), "XEP-0279 server IP check.")
      .validated_only()
      .section("mod_smart_markers", &ModulesOptions::mod_smart_markers, smart_markers_schema(),
               "Queries for the latest chat markers.")
      .section("mod_stanzaid", &ModulesOptions::mod_stanzaid, stanzaid_schema(),
               "XEP-0359 stanza ids.")
      .section("mod_stream_management", &ModulesOptions::mod_stream_management,
               stream_management_schema(), "XEP-0198 stream management.")
      .section("mod_time", &ModulesOptions::mod_time, time_schema(), "XEP-0202 entity time.")
      .section("mod_vcard", &ModulesOptions::mod_vcard, vcard_schema(),
               "XEP-0054 vCards and XEP-0055 search.")
      .section("mod_version", &ModulesOptions::mod_version, version_schema(),
               "XEP-0092 software version.")
      .section("mod_websockets", &ModulesOptions::mod_websockets, websockets_schema(),
               "XMPP over WebSocket (RFC 7395).")
      .validated_only();
}

std::vector<ModuleInfo> known_modules() {
  std::vector<ModuleInfo> out;
  auto schema = modules_schema();
  for (const auto& f : schema.core().fields) out.push_back({f.key, f.doc});
  return out;
}

}  // namespace meerkat::config::modules
