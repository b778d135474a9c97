// SPDX-License-Identifier: Apache-2.0
// The hook catalog (STYLE.md "Modules and hooks"): every plug-in point of the router and the
// client streams, each documented once. Modules register here at start-up; core code runs the
// hooks and never names a module.
#pragma once

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/container/small_vector.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error/error.hpp"
#include "core/jid/jid.hpp"
#include "core/xml/element.hpp"
#include "hooks/hook.hpp"
#include "hooks/iq_handlers.hpp"

namespace meerkat::hooks {

// A stanza between two verified addresses.
struct StanzaEvent {
  jid::Jid from;
  jid::Jid to;
  xml::Element stanza;
};

// A presence broadcast by a client (no 'to'), after the session manager recorded it.
struct PresenceEvent {
  jid::Jid from;  // the sender's full JID
  xml::Element presence;
  bool is_initial = false;  // the first available presence of this session
  bool is_available = true;
};

// The resources a message was handed to; rarely more than a few, so kept inline.
using DeliveredResources = boost::container::small_vector<std::string_view, 4>;

// A message handed to local sessions: `resources` are those of `to`'s user that got it.
struct DeliveryEvent {
  const jid::Jid& from;
  const jid::Jid& to;  // as addressed: a full JID, or the bare JID of the recipient
  const xml::Element& message;
  const DeliveredResources& resources;
};

// A message for a session whose connection broke while it waits to be resumed (XEP-0198):
// its client sees the message only when it comes back.
struct HeldMessageEvent {
  const jid::Jid& to;  // the session's full JID
  const xml::Element& message;
  const boost::asio::any_io_executor& executor;  // the session's shard, for follow-up tasks
};

struct SessionEvent {
  jid::Jid jid;  // the session's full JID
};

struct UserEvent {
  std::string user;  // nodeprep'd localpart
  std::string host;
};

// mod_ping's server-initiated pings (XEP-0199 §4.2): a client silent for `interval` is
// pinged; no answer within `timeout` ends its stream when `kill_on_timeout`.
struct ClientPingPolicy {
  std::chrono::milliseconds interval;
  std::chrono::milliseconds timeout;
  bool kill_on_timeout = false;
};

// mod_csi (XEP-0352): while a client says it is inactive, stanzas it need not see at once
// (presence, messages without a body) wait, up to `buffer_max` (nullopt: no limit).
struct ClientStatePolicy {
  std::optional<std::uint64_t> buffer_max;
};

// mod_stream_management (XEP-0198): what the client streams apply once a client enables it.
struct StreamManagementPolicy {
  bool buffer = true;  // keep unacknowledged stanzas for resending
  // Most stanzas unacknowledged at a time; more wait for the client's <a/>. nullopt: no limit.
  std::optional<std::uint64_t> buffer_max;
  bool ack = true;             // the server asks for acks (<r/>)
  std::uint32_t ack_freq = 1;  // after this many stanzas
  std::chrono::seconds resume_timeout{600};
  bool stale_h = false;  // remember the 'h' of sessions that can no longer be resumed
  std::chrono::seconds stale_h_repeat_after{1800};
  std::chrono::seconds stale_h_geriatric{3600};
};

// What a client can do (XEP-0030 features), as mod_caps learnt it from the entity
// capabilities in the client's presence (XEP-0115, XEP-0390).
struct ClientFeatures {
  std::vector<std::string> sorted;
  bool has(std::string_view feature) const {
    return std::binary_search(sorted.begin(), sorted.end(), feature, std::less<>());
  }
};

class EntityCaps {
 public:
  virtual ~EntityCaps() = default;
  // The features of the client whose current presence is `presence`; null when unknown (no
  // caps, or the client has not answered the server's disco#info yet).
  virtual std::shared_ptr<const ClientFeatures> features(const xml::Element& presence) const = 0;
};

// An identity an account shows in disco#info (XEP-0030 §3.1).
struct DiscoIdentity {
  std::string category;
  std::string type;
};

// A disco#info or disco#items request to an account, for the modules to answer a node of
// their own (and to add items): each appends to `query`; the one that serves the node sets
// `node_found`.
struct DiscoEvent {
  const IqRequest& request;
  xml::Element& query;
  bool node_found = false;
};

// A service of the server on a domain of its own (XEP-0363 upload.example.org): the router
// hands IQs for that domain to its handlers (scope kService), by payload namespace.
struct Service {
  std::string host;  // the served domain it belongs to, whose disco#items list it
  IqHandlers iq;
};

// A service every served domain has, at `prefix` + domain + `suffix` ("upload." + domain):
// how domains added at run time get theirs. Its handlers must not depend on the domain.
struct ServiceTemplate {
  std::string prefix;
  std::string suffix;
  Service service;  // `host` unused

  // The served domain `name` is this service of, if it has this template's shape.
  std::optional<std::string_view> domain_of(std::string_view name) const {
    if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) ||
        !name.ends_with(suffix)) {
      return std::nullopt;
    }
    return name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  }
};

// mod_bind2 (XEP-0386): a feature a client can switch on inside its bind request.
struct Bind2Feature {
  std::string var;  // advertised as <feature var=…/>; the request's payload has this namespace
  // Runs once the session `full` is bound, with the payload the client sent.
  std::function<void(const jid::Jid& full, const xml::Element& payload)> enable;
};

// mod_fast_auth_token (XEP-0484): a login with a FAST token, as a client stream presents it.
struct FastLogin {
  std::string user;
  std::string host;
  std::string agent_id;         // the XEP-0388 user-agent id the token was issued to
  std::string mechanism;        // HT-SHA-256-NONE …
  std::string proof;            // the client's initiator proof
  std::string channel_binding;  // the mechanism's channel-binding data on this connection
  std::optional<std::int64_t> count;
  bool invalidate = false;  // the client asks for the token to be revoked after this login
};

struct IssuedFastToken {
  std::string secret;
  std::string mechanism;
  std::int64_t expires_at = 0;  // Unix seconds
};

struct FastVerdict {
  bool accepted = false;
  bool expired = false;  // the token was right but is no longer valid
  std::string responder_proof;
  std::optional<IssuedFastToken> rotated;  // a fresh token the client should switch to
};

class FastTokenService {
 public:
  virtual ~FastTokenService() = default;
  virtual boost::asio::awaitable<Result<FastVerdict>> verify(FastLogin login) = 0;
  // A new token for the client `agent_id` of `user`, bound to `mechanism`.
  virtual boost::asio::awaitable<Result<IssuedFastToken>> issue(std::string user, std::string host,
                                                                std::string agent_id,
                                                                std::string mechanism) = 0;
};

// mod_auth_token: MongooseIM's X-OAUTH tokens, issued to users who logged in otherwise. Tokens
// are raw bytes here; they travel base64-encoded.
struct AuthTokens {
  std::string access;
  std::string refresh;
};

struct TokenLogin {
  std::string user;
  std::string access;  // a login with a refresh token gets a fresh access token; else empty
};

class AuthTokenService {
 public:
  virtual ~AuthTokenService() = default;
  virtual boost::asio::awaitable<Result<AuthTokens>> issue(std::string user, std::string host) = 0;
  // std::nullopt: not a valid token for `host` (malformed, forged, expired or revoked).
  virtual boost::asio::awaitable<Result<std::optional<TokenLogin>>> verify(std::string token,
                                                                           std::string host) = 0;
  // Ends every refresh token of the user; false: none was ever issued.
  virtual boost::asio::awaitable<Result<bool>> revoke(std::string user, std::string host) = 0;
};

struct ServerHooks {
  /// A message (chat, normal) for a local user that no session can take.
  /// kStop: stored for later delivery; otherwise the sender gets service-unavailable.
  AsyncHook<StanzaEvent> offline_message{"offline_message"};
  /// Every stanza for a local user, before delivery (blocking, privacy). kStop: the handler
  /// dropped or answered it.
  AsyncHook<StanzaEvent> filter_local_packet{"filter_local_packet"};
  /// A message for a local user was handed to one or more of its sessions (carbons copy it
  /// to the others).
  Hook<DeliveryEvent> message_delivered{"message_delivered"};
  /// A message reached a session waiting to be resumed (push notifications wake the device).
  /// Runs on the session's shard, in the delivery: handlers start a task for any I/O.
  Hook<HeldMessageEvent> message_held{"message_held"};
  /// Every stanza a bound client sends, before routing; `from` is its full JID.
  /// kStop: the handler answered or dropped it; it is not routed.
  AsyncHook<StanzaEvent> user_send_packet{"user_send_packet"};
  /// A presence broadcast (no 'to') by a client: fan-out to contacts and own resources.
  AsyncHook<PresenceEvent> user_presence{"user_presence"};
  /// subscribe/subscribed/unsubscribe/unsubscribed sent by a local user, before routing
  /// (RFC 6121 §3: the roster changes first; 'to' is already the contact's bare JID).
  /// kStop: not routed.
  AsyncHook<StanzaEvent> subscription_out{"roster_out_subscription"};
  /// Subscription presence and probes for a local user (RFC 6121 §3, §4.3).
  /// kStop: handled; otherwise the router delivers it to the available resources.
  AsyncHook<StanzaEvent> presence_in{"roster_in_subscription"};
  /// A session became available (initial presence), after its presence was broadcast.
  AsyncHook<SessionEvent> user_available{"user_available"};
  /// A session ended; its unavailable presence (if it was available) was already broadcast.
  AsyncHook<SessionEvent> session_closed{"sm_remove_connection"};
  /// An account was removed: every module drops the user's data.
  AsyncHook<UserEvent> remove_user{"remove_user"};
  /// An IQ result or error addressed to the server or to a user's bare JID: the answer to a
  /// request the server sent (mod_caps' disco#info queries, XEP-0357 publishes). kStop: it
  /// was expected.
  AsyncHook<StanzaEvent> iq_response{"iq_response"};
  /// The features of a session's client became known or changed (mod_caps), after its
  /// presence was broadcast: PEP sends the last items the client now wants.
  AsyncHook<SessionEvent> caps_changed{"caps_update"};
  /// disco#info with a node, to an account (XEP-0030 §3.2).
  AsyncHook<DiscoEvent> user_disco_info{"disco_info"};
  /// disco#items to an account, with or without a node.
  AsyncHook<DiscoEvent> user_disco_items{"disco_local_items"};

  IqHandlers iq;
  std::optional<ClientPingPolicy> client_ping;
  std::optional<ClientStatePolicy> client_state;
  std::optional<StreamManagementPolicy> stream_management;
  // Services by domain; registered at start-up like everything here.
  std::map<std::string, Service, std::less<>> services;
  // The same services for domains that are not static (Router::find_service).
  std::vector<ServiceTemplate> service_templates;
  // Set by mod_caps; null without it (PEP then notifies explicit subscribers only).
  const EntityCaps* entity_caps = nullptr;
  // XEP-0388 (mod_sasl2) and XEP-0386 (mod_bind2): offered to clients when on.
  bool sasl2 = false;
  bool bind2 = false;
  // What modules let a client switch on inside a Bind 2 request (carbons); stream
  // management and client state are the stream's own.
  std::vector<Bind2Feature> bind2_features;
  // Set by mod_fast_auth_token; null without it.
  FastTokenService* fast_tokens = nullptr;
  // Set by mod_auth_token (which offers X-OAUTH); null without it.
  AuthTokenService* auth_tokens = nullptr;

  // XEP-0030: what the server and accounts advertise (mod_disco answers with these).
  std::vector<std::string> server_features;
  std::vector<std::string> user_features;
  std::vector<DiscoIdentity> user_identities;  // besides account/registered
  // Stream features offered after authentication (roster versioning, pre-approval …).
  std::vector<xml::Element> session_stream_features;
  // Stream features offered before authentication (in-band registration).
  std::vector<xml::Element> pre_auth_stream_features;
};

}  // namespace meerkat::hooks
