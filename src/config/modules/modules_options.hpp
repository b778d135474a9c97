// SPDX-License-Identifier: Apache-2.0
// The `modules` section: one optional table per known module; a module is enabled when its
// table is present. Whether an enabled module is implemented is for the application to decide
// (see modules_schema.hpp known_modules()).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/modules/adhoc_options.hpp"
#include "config/modules/amp_options.hpp"
#include "config/modules/auth_token_options.hpp"
#include "config/modules/bosh_options.hpp"
#include "config/modules/cache_users_options.hpp"
#include "config/modules/caps_options.hpp"
#include "config/modules/csi_options.hpp"
#include "config/modules/disco_options.hpp"
#include "config/modules/event_pusher_options.hpp"
#include "config/modules/extdisco_options.hpp"
#include "config/modules/fast_auth_token_options.hpp"
#include "config/modules/global_distrib_options.hpp"
#include "config/modules/http_upload_options.hpp"
#include "config/modules/inbox_options.hpp"
#include "config/modules/iqdisc_only_options.hpp"
#include "config/modules/last_options.hpp"
#include "config/modules/mam_options.hpp"
#include "config/modules/muc_light_options.hpp"
#include "config/modules/muc_options.hpp"
#include "config/modules/offline_options.hpp"
#include "config/modules/ping_options.hpp"
#include "config/modules/privacy_options.hpp"
#include "config/modules/private_options.hpp"
#include "config/modules/pubsub_old_options.hpp"
#include "config/modules/pubsub_options.hpp"
#include "config/modules/register_options.hpp"
#include "config/modules/roster_options.hpp"
#include "config/modules/shared_roster_ldap_options.hpp"
#include "config/modules/stream_management_options.hpp"
#include "config/modules/vcard_options.hpp"

namespace meerkat::config::modules {

struct ModulesOptions {
  std::vector<std::string> enabled;  // module names, in file order
  std::optional<AdhocOptions> mod_adhoc;
  std::optional<AmpOptions> mod_amp;
  std::optional<AuthTokenOptions> mod_auth_token;
  std::optional<Bind2Options> mod_bind2;
  std::optional<BlockingOptions> mod_blocking;
  std::optional<BlocklistOptions> mod_blocklist;
  std::optional<BoshOptions> mod_bosh;
  std::optional<BroadcastOptions> mod_broadcast;
  std::optional<CacheUsersOptions> mod_cache_users;
  std::optional<CapsOptions> mod_caps;
  std::optional<CarboncopyOptions> mod_carboncopy;
  std::optional<CsiOptions> mod_csi;
  std::optional<DiscoOptions> mod_disco;
  std::optional<DomainIsolationOptions> mod_domain_isolation;
  std::optional<EventPusherOptions> mod_event_pusher;
  std::optional<ExtdiscoOptions> mod_extdisco;
  std::optional<ExternalFilterOptions> mod_external_filter;
  std::optional<FastAuthTokenOptions> mod_fast_auth_token;
  std::optional<GlobalDistribOptions> mod_global_distrib;
  std::optional<HttpUploadOptions> mod_http_upload;
  std::optional<InboxOptions> mod_inbox;
  std::optional<KeystoreOptions> mod_keystore;
  std::optional<LastOptions> mod_last;
  std::optional<MamOptions> mod_mam;
  std::optional<MucOptions> mod_muc;
  std::optional<MucLightOptions> mod_muc_light;
  std::optional<OfflineOptions> mod_offline;
  std::optional<OfflineStubOptions> mod_offline_stub;
  std::optional<PingOptions> mod_ping;
  std::optional<PresenceOptions> mod_presence;
  std::optional<PrivacyOptions> mod_privacy;
  std::optional<PrivateOptions> mod_private;
  std::optional<PubsubOptions> mod_pubsub;
  std::optional<PubsubOldOptions> mod_pubsub_old;
  std::optional<PushServiceMongoosepushOptions> mod_push_service_mongoosepush;
  std::optional<RegisterOptions> mod_register;
  std::optional<RosterOptions> mod_roster;
  std::optional<Sasl2Options> mod_sasl2;
  std::optional<SharedRosterLdapOptions> mod_shared_roster_ldap;
  std::optional<SicOptions> mod_sic;
  std::optional<SmartMarkersOptions> mod_smart_markers;
  std::optional<StanzaidOptions> mod_stanzaid;
  std::optional<StreamManagementOptions> mod_stream_management;
  std::optional<TimeOptions> mod_time;
  std::optional<VcardOptions> mod_vcard;
  std::optional<VersionOptions> mod_version;
  std::optional<WebsocketsOptions> mod_websockets;
};

}  // namespace meerkat::config::modules
