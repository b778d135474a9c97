// SPDX-License-Identifier: Apache-2.0
// Modules whose only option, if any, is iqdisc: mod_presence (RFC 6121 presence), mod_time
// (XEP-0202), mod_version (XEP-0092), mod_sic (XEP-0279), mod_carboncopy (XEP-0280),
// mod_stanzaid (XEP-0359), mod_sasl2 (XEP-0388), mod_bind2 (XEP-0386), mod_websockets.
#pragma once

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct PresenceOptions {
  static constexpr const char* kName = "mod_presence";
};
struct TimeOptions {
  static constexpr const char* kName = "mod_time";
  IqDisc iqdisc;
};
struct VersionOptions {
  static constexpr const char* kName = "mod_version";
  IqDisc iqdisc{IqDiscType::kNoQueue};
  bool os_info = false;
};
struct SicOptions {
  static constexpr const char* kName = "mod_sic";
  IqDisc iqdisc;
};
struct CarboncopyOptions {
  static constexpr const char* kName = "mod_carboncopy";
  IqDisc iqdisc{IqDiscType::kNoQueue};
};
struct StanzaidOptions {
  static constexpr const char* kName = "mod_stanzaid";
};
struct Sasl2Options {
  static constexpr const char* kName = "mod_sasl2";
};
struct Bind2Options {
  static constexpr const char* kName = "mod_bind2";
};
// XMPP over WebSocket is configured on the HTTP listener; the module table only enables it.
struct WebsocketsOptions {
  static constexpr const char* kName = "mod_websockets";
};

Section<PresenceOptions> presence_schema();
Section<TimeOptions> time_schema();
Section<VersionOptions> version_schema();
Section<SicOptions> sic_schema();
Section<CarboncopyOptions> carboncopy_schema();
Section<StanzaidOptions> stanzaid_schema();
Section<Sasl2Options> sasl2_schema();
Section<Bind2Options> bind2_schema();
Section<WebsocketsOptions> websockets_schema();

}  // namespace meerkat::config::modules
