// SPDX-License-Identifier: Apache-2.0
// Typed options of the `s2s` section (MongooseIM configuration/s2s.md) and the client-side TLS
// options it shares with outgoing pools (outgoing-connections.md "TLS options").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/listen_options.hpp"

namespace meerkat::config {

enum class SniProtocol { kDefault, kHttps };

struct SniOptions {
  bool enabled = true;  // effective only when verify_mode is not "none"
  std::optional<std::string> host;
  SniProtocol protocol = SniProtocol::kDefault;
};

// TLS of a connection Meerkat opens (s2s out, database and HTTP pools).
struct ClientTlsOptions {
  TlsMode mode = TlsMode::kStarttls;  // s2s.outgoing.tls only
  VerifyMode verify_mode = VerifyMode::kPeer;
  std::optional<std::string> certfile;
  std::optional<std::string> cacertfile;
  std::optional<std::string> keyfile;
  std::optional<std::string> password;
  std::optional<std::string> ciphers;
  std::vector<std::string> versions;  // empty: every supported version
  SniOptions server_name_indication;
  bool required = false;  // rdbms pools with pgsql/cockroachdb only
};

enum class S2sPolicy { kAllow, kDeny };

struct S2sHostPolicy {
  std::string host;
  S2sPolicy policy = S2sPolicy::kAllow;
};

struct S2sAddress {
  std::string host;
  std::string ip_address;
  std::optional<std::uint16_t> port;
};

struct S2sDnsOptions {
  int retries = 2;
  std::chrono::seconds timeout{10};
};

struct S2sOutgoingOptions {
  std::vector<S2sAddress> address;
  Millis connection_timeout = std::chrono::milliseconds{10000};
  S2sDnsOptions dns;
  std::vector<int> ip_versions{4, 6};
  std::chrono::seconds max_retry_delay{300};
  Limit max_stanza_size;
  std::uint16_t port = 5269;
  std::string shaper = "none";
  Millis state_timeout = std::chrono::milliseconds{5000};
  Millis stream_timeout = std::chrono::milliseconds{600000};
  std::optional<ClientTlsOptions> tls;
};

// The older switch for s2s TLS (MongooseIM before 6.0, ejabberd's s2s_use_starttls).
enum class S2sStarttls { kFalse, kOptional, kRequired, kRequiredTrusted };

struct S2sOptions {
  S2sPolicy default_policy = S2sPolicy::kAllow;
  // Unset: listen.s2s.tls and s2s.outgoing.tls decide alone (MongooseIM 6).
  std::optional<S2sStarttls> use_starttls;
  std::optional<std::string> certfile;  // older name for the certificate of both directions
  std::vector<S2sHostPolicy> host_policy;
  std::optional<std::string> shared;  // unset: 10 random bytes, hex-encoded, at start
  S2sOutgoingOptions outgoing;
};

}  // namespace meerkat::config
