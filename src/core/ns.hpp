// SPDX-License-Identifier: Apache-2.0
// XML namespace URIs used by Meerkat (core layer). One constant per namespace, named after the
// protocol, so `grep kPing` finds every user. RFC 6120/6121 first, then XEPs by number.
#pragma once

#include <string_view>

namespace meerkat::ns {

// RFC 6120 §4.8 stream and content namespaces.
inline constexpr std::string_view kStreams = "http://etherx.jabber.org/streams";
inline constexpr std::string_view kClient = "jabber:client";
inline constexpr std::string_view kServer = "jabber:server";
inline constexpr std::string_view kStreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
inline constexpr std::string_view kStanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
inline constexpr std::string_view kTls = "urn:ietf:params:xml:ns:xmpp-tls";
inline constexpr std::string_view kSasl = "urn:ietf:params:xml:ns:xmpp-sasl";
inline constexpr std::string_view kBind = "urn:ietf:params:xml:ns:xmpp-bind";
// RFC 3921 session establishment, kept as an optional no-op feature for old clients.
inline constexpr std::string_view kSession = "urn:ietf:params:xml:ns:xmpp-session";
// The namespace bound to the `xml:` prefix (XML Namespaces §3), e.g. xml:lang.
inline constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
// RFC 7395 XMPP over WebSocket framing (<open/>, <close/>).
inline constexpr std::string_view kFraming = "urn:ietf:params:xml:ns:xmpp-framing";

// XEP-0114 external components.
inline constexpr std::string_view kComponentAccept = "jabber:component:accept";
inline constexpr std::string_view kComponentConnect = "jabber:component:connect";
// XEP-0220 server dialback.
inline constexpr std::string_view kDialback = "jabber:server:dialback";
inline constexpr std::string_view kDialbackFeatures = "urn:xmpp:features:dialback";

// RFC 6121 roster and its stream features.
inline constexpr std::string_view kRoster = "jabber:iq:roster";
inline constexpr std::string_view kRosterVersioning = "urn:xmpp:features:rosterver";
inline constexpr std::string_view kPreApproval = "urn:xmpp:features:pre-approval";

inline constexpr std::string_view kDiscoInfo = "http://jabber.org/protocol/disco#info";    // 0030
inline constexpr std::string_view kDiscoItems = "http://jabber.org/protocol/disco#items";  // 0030
inline constexpr std::string_view kMuc = "http://jabber.org/protocol/muc";                 // 0045
inline constexpr std::string_view kVcard = "vcard-temp";                                   // 0054
inline constexpr std::string_view kRegister = "jabber:iq:register";                        // 0077
inline constexpr std::string_view kRegisterFeature = "http://jabber.org/features/iq-register";
inline constexpr std::string_view kLast = "jabber:iq:last";                   // 0012
inline constexpr std::string_view kPrivate = "jabber:iq:private";             // 0049
inline constexpr std::string_view kVersion = "jabber:iq:version";             // 0092
inline constexpr std::string_view kCaps = "http://jabber.org/protocol/caps";  // 0115
inline constexpr std::string_view kStreamManagement = "urn:xmpp:sm:3";        // 0198
inline constexpr std::string_view kPing = "urn:xmpp:ping";                    // 0199
inline constexpr std::string_view kTime = "urn:xmpp:time";                    // 0202
inline constexpr std::string_view kDelay = "urn:xmpp:delay";                  // 0203
inline constexpr std::string_view kCarbons = "urn:xmpp:carbons:2";            // 0280
inline constexpr std::string_view kForward = "urn:xmpp:forward:0";            // 0297
inline constexpr std::string_view kMam = "urn:xmpp:mam:2";                    // 0313
inline constexpr std::string_view kMamExtended = "urn:xmpp:mam:2#extended";   // 0313
inline constexpr std::string_view kDataForms = "jabber:x:data";               // 0004
inline constexpr std::string_view kRsm = "http://jabber.org/protocol/rsm";    // 0059
inline constexpr std::string_view kHints = "urn:xmpp:hints";                  // 0334
inline constexpr std::string_view kStanzaId = "urn:xmpp:sid:0";               // 0359
inline constexpr std::string_view kChatMarkers = "urn:xmpp:chat-markers:0";   // 0333
inline constexpr std::string_view kCsi = "urn:xmpp:csi:0";                    // 0352
inline constexpr std::string_view kSasl2 = "urn:xmpp:sasl:2";                 // 0388
inline constexpr std::string_view kBind2 = "urn:xmpp:bind:0";                 // 0386
inline constexpr std::string_view kFast = "urn:xmpp:fast:0";                  // 0484

}  // namespace meerkat::ns
