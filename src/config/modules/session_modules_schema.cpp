// SPDX-License-Identifier: Apache-2.0
// Schemas of the modules about one user's session and account data (MongooseIM modules/*.md).
// Several modules share this file only to keep the number of heavy template translation
// units down; each module's typed options are in its own <name>_options.hpp.
#include "config/modules/cache_users_options.hpp"
#include "config/modules/caps_options.hpp"
#include "config/modules/csi_options.hpp"
#include "config/modules/disco_options.hpp"
#include "config/modules/fast_auth_token_options.hpp"
#include "config/modules/iqdisc_only_options.hpp"
#include "config/modules/last_options.hpp"
#include "config/modules/offline_options.hpp"
#include "config/modules/ping_options.hpp"
#include "config/modules/privacy_options.hpp"
#include "config/modules/private_options.hpp"
#include "config/modules/register_options.hpp"
#include "config/modules/roster_options.hpp"
#include "config/modules/stream_management_options.hpp"
#include "config/modules/vcard_options.hpp"
#include "config/schema.hpp"

namespace meerkat::config::modules {

namespace {

Validator mnesia_rdbms() {
  return one_of({{"mnesia", Backend::kMnesia}, {"rdbms", Backend::kRdbms}});
}

constexpr const char* kIqDiscDoc = "How IQ handlers are scheduled (accepted for compatibility).";

}  // namespace

Section<PingOptions> ping_schema() {
  return Section<PingOptions>{}
      .option("send_pings", &PingOptions::send_pings, "Ping clients that have gone quiet.")
      .option("ping_interval", &PingOptions::ping_interval, positive(),
              "Seconds of client silence before the server pings it.")
      .option("timeout_action", &PingOptions::timeout_action,
              one_of({{"none", PingTimeoutAction::kNone}, {"kill", PingTimeoutAction::kKill}}),
              "What to do when no pong arrives in time.")
      .option("ping_req_timeout", &PingOptions::ping_req_timeout, positive(),
              "Seconds to wait for the pong.")
      .section("iqdisc", &PingOptions::iqdisc, iqdisc_schema(), kIqDiscDoc);
}

Section<RosterOptions> roster_schema() {
  return Section<RosterOptions>{}
      .section("iqdisc", &RosterOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("versioning", &RosterOptions::versioning, "Offer roster versioning (XEP-0237).")
      .option("store_current_id", &RosterOptions::store_current_id,
              "Store the current roster version instead of computing it.")
      .option("backend", &RosterOptions::backend, mnesia_rdbms(), "Roster storage.");
}

Section<OfflineOptions> offline_schema() {
  return Section<OfflineOptions>{}
      .option("access_max_user_messages", &OfflineOptions::access_max_user_messages, non_empty(),
              "Access rule giving each user's offline message limit.")
      .option("backend", &OfflineOptions::backend, mnesia_rdbms(), "Offline message storage.")
      .option("store_groupchat_messages", &OfflineOptions::store_groupchat_messages,
              "Also store groupchat messages for offline users.");
}

Section<DiscoOptions> disco_schema() {
  return Section<DiscoOptions>{}
      .section("iqdisc", &DiscoOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("extra_domains", &DiscoOptions::extra_domains, domain(),
              "More domains to list as items of the server.")
      .value("server_info", &DiscoOptions::server_info,
             list_of(Section<DiscoServerInfo>{}
                         .option("name", &DiscoServerInfo::name, non_empty(),
                                 "Field name, e.g. \"abuse-address\".")
                         .required()
                         .option("urls", &DiscoServerInfo::urls, non_empty(),
                                 "Addresses (URIs) for the field.")
                         .required()
                         .option("modules", &DiscoServerInfo::modules, non_empty(),
                                 "Modules whose disco#info gets the field; unset: all.")
                         .spec()),
             "XEP-0157 contact addresses added to disco#info.")
      .option("users_can_see_hidden_services", &DiscoOptions::users_can_see_hidden_services,
              "List hidden components to users too.");
}

Section<VcardOptions> vcard_schema() {
  auto ldap =
      Section<VcardLdapOptions>{}
          .option("pool_tag", &VcardLdapOptions::pool_tag, non_empty(), "LDAP pool tag.")
          .option("base", &VcardLdapOptions::base, non_empty(), "Base DN of searches.")
          .value(
              "uids", &VcardLdapOptions::uids,
              list_of(Section<LdapUid>{}
                          .option("attr", &LdapUid::attr, non_empty(), "User name attribute.")
                          .required()
                          .option("format", &LdapUid::format, non_empty(), "Pattern with one %u.")
                          .spec()),
              "Attributes holding the user name.")
          .option("filter", &VcardLdapOptions::filter, non_empty(), "Extra search filter.")
          .option("deref", &VcardLdapOptions::deref,
                  one_of({{"never", LdapDeref::kNever},
                          {"always", LdapDeref::kAlways},
                          {"finding", LdapDeref::kFinding},
                          {"searching", LdapDeref::kSearching}}),
                  "When aliases are dereferenced.")
          .value("vcard_map", &VcardLdapOptions::vcard_map,
                 list_of(Section<VcardLdapMapping>{}
                             .option("vcard_field", &VcardLdapMapping::vcard_field, non_empty(),
                                     "vCard field.")
                             .required()
                             .option("ldap_pattern", &VcardLdapMapping::ldap_pattern,
                                     "Pattern filled from LDAP attributes.")
                             .required()
                             .option("ldap_field", &VcardLdapMapping::ldap_field, non_empty(),
                                     "LDAP attribute.")
                             .required()
                             .spec()),
                 "How vCard fields are built from LDAP.")
          .value("search_fields", &VcardLdapOptions::search_fields,
                 list_of(Section<VcardLdapSearchField>{}
                             .option("search_field", &VcardLdapSearchField::search_field,
                                     non_empty(), "Search form field.")
                             .required()
                             .option("ldap_field", &VcardLdapSearchField::ldap_field, non_empty(),
                                     "LDAP attribute.")
                             .required()
                             .spec()),
                 "Search form fields and their LDAP attributes.")
          .value("search_reported", &VcardLdapOptions::search_reported,
                 list_of(Section<VcardLdapReported>{}
                             .option("search_field", &VcardLdapReported::search_field, non_empty(),
                                     "Result column.")
                             .required()
                             .option("vcard_field", &VcardLdapReported::vcard_field, non_empty(),
                                     "vCard field shown in it.")
                             .required()
                             .spec()),
                 "Columns of search results.")
          .option("search_operator", &VcardLdapOptions::search_operator,
                  one_of({{"or", VcardSearchOperator::kOr}, {"and", VcardSearchOperator::kAnd}}),
                  "How search fields combine.")
          .option("binary_search_fields", &VcardLdapOptions::binary_search_fields,
                  "LDAP attributes searched as binary.");
  return Section<VcardOptions>{}
      .section("iqdisc", &VcardOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("host", &VcardOptions::host, non_empty(),
              "Domain of the user directory service; @HOST@ is the served domain.")
      .option("search", &VcardOptions::search, "Offer user search (XEP-0055).")
      .option(
          "backend", &VcardOptions::backend,
          one_of(
              {{"ldap", Backend::kLdap}, {"rdbms", Backend::kRdbms}, {"mnesia", Backend::kMnesia}}),
          "vCard storage.")
      .option("matches", &VcardOptions::matches, {non_negative(), or_infinity()},
              "Most search results returned.")
      .section("ldap", &VcardOptions::ldap, ldap, "Options of the ldap backend.");
}

Section<PrivateOptions> private_schema() {
  return Section<PrivateOptions>{}
      .section("iqdisc", &PrivateOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("backend", &PrivateOptions::backend, mnesia_rdbms(), "Private XML storage.");
}

Section<LastOptions> last_schema() {
  return Section<LastOptions>{}
      .section("iqdisc", &LastOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("backend", &LastOptions::backend, mnesia_rdbms(), "Last activity storage.");
}

Section<PrivacyOptions> privacy_schema() {
  return Section<PrivacyOptions>{}.option("backend", &PrivacyOptions::backend, mnesia_rdbms(),
                                          "Privacy list storage.");
}

Section<BlockingOptions> blocking_schema() {
  return Section<BlockingOptions>{}.option("backend", &BlockingOptions::backend, mnesia_rdbms(),
                                           "Privacy list storage (shared with mod_privacy).");
}

Section<RegisterOptions> register_schema() {
  return Section<RegisterOptions>{}
      .section("iqdisc", &RegisterOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("access", &RegisterOptions::access, non_empty(),
              "Access rule deciding who may register.")
      .section("welcome_message", &RegisterOptions::welcome_message,
               Section<WelcomeMessage>{}
                   .option("subject", &WelcomeMessage::subject, "Subject.")
                   .option("body", &WelcomeMessage::body, "Body."),
               "Message sent to new users; empty: none.")
      .option("registration_watchers", &RegisterOptions::registration_watchers, jid(),
              "JIDs told about each new account.")
      .option("password_strength", &RegisterOptions::password_strength, non_negative(),
              "Least password entropy, in bits; 0: no check.")
      .value("ip_access", &RegisterOptions::ip_access,
             list_of(Section<RegisterIpAccess>{}
                         .option("address", &RegisterIpAccess::address, non_empty(),
                                 "IP address or network (address/prefix).")
                         .required()
                         .check(
                             [](const std::string& a) {
                               auto slash = a.find('/');
                               auto ip = a.substr(0, slash);
                               if (ip_address_version(ip) == 0) return false;
                               if (slash == std::string::npos) return true;
                               auto bits = a.substr(slash + 1);
                               if (bits.empty() || bits.size() > 3) return false;
                               for (char ch : bits) {
                                 if (ch < '0' || ch > '9') return false;
                               }
                               return std::stoi(bits) <= (ip_address_version(ip) == 4 ? 32 : 128);
                             },
                             "an IP address or network (address/prefix)")
                         .option("policy", &RegisterIpAccess::policy,
                                 one_of({{"allow", IpAccessPolicy::kAllow},
                                         {"deny", IpAccessPolicy::kDeny}}),
                                 "Allow or deny registration.")
                         .required()
                         .spec()),
             "Which client addresses may register, first match wins; empty: all.");
}

Section<PresenceOptions> presence_schema() { return Section<PresenceOptions>{}; }
Section<StanzaidOptions> stanzaid_schema() { return Section<StanzaidOptions>{}; }
Section<Sasl2Options> sasl2_schema() { return Section<Sasl2Options>{}; }
Section<Bind2Options> bind2_schema() { return Section<Bind2Options>{}; }
Section<WebsocketsOptions> websockets_schema() { return Section<WebsocketsOptions>{}; }

Section<TimeOptions> time_schema() {
  return Section<TimeOptions>{}.section("iqdisc", &TimeOptions::iqdisc, iqdisc_schema(),
                                        kIqDiscDoc);
}

Section<VersionOptions> version_schema() {
  return Section<VersionOptions>{}
      .section("iqdisc", &VersionOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("os_info", &VersionOptions::os_info, "Include the operating system in answers.");
}

Section<SicOptions> sic_schema() {
  return Section<SicOptions>{}.section("iqdisc", &SicOptions::iqdisc, iqdisc_schema(), kIqDiscDoc);
}

Section<CarboncopyOptions> carboncopy_schema() {
  return Section<CarboncopyOptions>{}.section("iqdisc", &CarboncopyOptions::iqdisc, iqdisc_schema(),
                                              kIqDiscDoc);
}

Section<CapsOptions> caps_schema() {
  return Section<CapsOptions>{}
      .option("backend", &CapsOptions::backend, one_of({{"cets", Backend::kCets}}),
              "Where capabilities are cached.")
      .option("iq_response_timeout", &CapsOptions::iq_response_timeout, positive(),
              "Milliseconds to wait for a client's disco#info answer.")
      .option("versions", &CapsOptions::versions, {non_empty(), one_of({"v1", "v2"})},
              "Capability hash versions used (XEP-0115, XEP-0390).")
      .check([](const std::vector<std::string>& v) { return v.size() < 2 || v[0] != v[1]; },
             "a list without repeated versions");
}

Section<StreamManagementOptions> stream_management_schema() {
  return Section<StreamManagementOptions>{}
      .option("backend", &StreamManagementOptions::backend,
              one_of({{"mnesia", Backend::kMnesia}, {"cets", Backend::kCets}}),
              "Where resumable sessions are registered.")
      .option("buffer", &StreamManagementOptions::buffer, "Keep unacknowledged stanzas.")
      .option("buffer_max", &StreamManagementOptions::buffer_max, {positive(), or_infinity()},
              "Most stanzas unacknowledged at a time; more wait for the client's acks.")
      .option("ack", &StreamManagementOptions::ack, "Request acknowledgements.")
      .option("ack_freq", &StreamManagementOptions::ack_freq, positive(),
              "Request an ack after this many stanzas.")
      .option("resume_timeout", &StreamManagementOptions::resume_timeout, positive(),
              "Seconds a broken session stays resumable.")
      .section("stale_h", &StreamManagementOptions::stale_h,
               Section<StaleH>{}
                   .option("enabled", &StaleH::enabled,
                           "Remember the last h of closed sessions, to answer late resumes.")
                   .option("repeat_after", &StaleH::repeat_after, positive(),
                           "Seconds between cleanups of remembered h values.")
                   .option("geriatric", &StaleH::geriatric, positive(),
                           "Seconds a remembered h value is kept."),
               "Counters of sessions that can no longer be resumed.");
}

Section<CsiOptions> csi_schema() {
  return Section<CsiOptions>{}.option("buffer_max", &CsiOptions::buffer_max,
                                      {non_negative(), or_infinity()},
                                      "Stanzas held back while the client is inactive.");
}

Section<CacheOptions> cache_schema() {
  return Section<CacheOptions>{}
      .option("strategy", &CacheOptions::strategy,
              one_of({{"fifo", CacheStrategy::kFifo}, {"lru", CacheStrategy::kLru}}),
              "Eviction order.")
      .option("time_to_live", &CacheOptions::time_to_live, {positive(), or_infinity()},
              "Minutes an entry is kept.")
      .option("number_of_segments", &CacheOptions::number_of_segments, positive(),
              "Segments of the cache; entries age one segment at a time.");
}

Section<CacheUsersOptions> cache_users_schema() {
  return Section<CacheUsersOptions>{}.merge(&CacheUsersOptions::cache, cache_schema());
}

Section<Period> period_schema() {
  return Section<Period>{}
      .option("value", &Period::value, non_negative(), "Amount.")
      .required()
      .option("unit", &Period::unit,
              one_of({{"days", TimeUnit::kDays},
                      {"hours", TimeUnit::kHours},
                      {"minutes", TimeUnit::kMinutes},
                      {"seconds", TimeUnit::kSeconds}}),
              "Unit.")
      .required();
}

Section<FastAuthTokenOptions> fast_auth_token_schema() {
  return Section<FastAuthTokenOptions>{}
      .option("backend", &FastAuthTokenOptions::backend, one_of({"rdbms"}), "Token storage.")
      .section("validity_period", &FastAuthTokenOptions::validity_period,
               Section<TokenValidity>{}
                   .section("access", &TokenValidity::access, period_schema(),
                            "How long a token is valid.")
                   .section("rotate_before_expire", &TokenValidity::rotate_before_expire,
                            period_schema(), "How early before expiry a new token is issued."),
               "Token lifetimes.");
}

}  // namespace meerkat::config::modules
