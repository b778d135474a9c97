// SPDX-License-Identifier: Apache-2.0
// Typed options of the `listen` section (MongooseIM `[[listen.*]]`, see
// shared reference seed-mongooseim-listen.md). Defaults are stated here, once.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace meerkat::config {

// "infinity" in the config is std::nullopt in these structs.
using Millis = std::optional<std::chrono::milliseconds>;
using Limit = std::optional<std::uint64_t>;

enum class TlsMode { kTls, kStarttls, kStarttlsRequired };
enum class TlsModule { kFastTls, kJustTls };
enum class VerifyMode { kPeer, kSelfsignedPeer, kNone };

struct TlsOptions {
  TlsMode mode = TlsMode::kStarttls;
  TlsModule module = TlsModule::kFastTls;
  VerifyMode verify_mode = VerifyMode::kPeer;
  std::optional<std::string> certfile;
  std::optional<std::string> keyfile;
  std::optional<std::string> password;
  std::optional<std::string> cacertfile;
  std::optional<std::string> dhfile;
  std::optional<std::string> ciphers;  // unset: "TLSv1.2:TLSv1.3" for fast_tls, library default for just_tls
  std::vector<std::string> protocol_options{"no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1"};
  std::vector<std::string> versions;  // empty: every supported version
  std::vector<std::string> crl_files;
  bool disconnect_on_failure = true;
};

// Options every listener has (the seed's "General listener options" and "XMPP listener options").
struct ListenerCommon {
  // Either a TCP port, or a unix-domain socket path (ejabberd's `port = "unix:/path"`).
  std::uint16_t port = 0;
  std::optional<std::string> unix_path;
  std::string ip_address;  // empty: the any-address of ip_version
  int ip_version = 4;      // derived from ip_address when that is set
  std::string proto = "tcp";
  int backlog = 1024;
  bool proxy_protocol = false;
  Millis hibernate_after = std::chrono::milliseconds{0};
  Limit max_stanza_size;  // bytes
  int num_acceptors = 100;
  bool reuse_port = false;
  Limit max_connections;
  std::size_t source_line = 0;  // where the listener was declared, for logs
};

struct C2sListenerOptions {
  ListenerCommon common;
  std::string access = "all";
  std::string shaper = "none";
  Millis c2s_state_timeout = std::chrono::milliseconds{5000};
  bool backwards_compatible_session = true;
  std::optional<std::vector<std::string>> allowed_auth_methods;
  std::optional<TlsOptions> tls;
};

struct S2sListenerOptions {
  ListenerCommon common;
  std::string shaper = "none";
  std::optional<TlsOptions> tls;
};

enum class ConflictBehaviour { kDisconnect, kKickOld };

struct ServiceListenerOptions {
  ListenerCommon common;
  std::string access = "all";
  std::string password;
  std::string shaper_rule = "none";
  bool check_from = true;
  bool hidden_components = false;
  ConflictBehaviour conflict_behaviour = ConflictBehaviour::kDisconnect;
  std::optional<std::uint64_t> max_fsm_queue;
};

}  // namespace meerkat::config
