// SPDX-License-Identifier: Apache-2.0
// Typed options of the `listen` section (MongooseIM `[[listen.*]]`, see
// shared reference seed-mongooseim-listen.md). Defaults are stated here, once; the schema that
// fills these structs is listen_schema.cpp.
#pragma once

#include <chrono>
#include <cstddef>
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
  std::optional<std::string>
      ciphers;  // unset: "TLSv1.2:TLSv1.3" for fast_tls, library default for just_tls
  std::vector<std::string> protocol_options{"no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1"};
  std::vector<std::string> versions;  // empty: every supported version
  std::vector<std::string> crl_files;
  bool disconnect_on_failure = true;
  // Newer MongooseIM c2s options (just_tls only); validated, not used yet.
  bool keep_secrets = false;
  bool early_data = false;
  std::optional<std::string> session_tickets;  // "stateless"
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
  // [[listen.component]] (the newer name of [[listen.service]]) may enable TLS; mode defaults
  // to "tls" there.
  std::optional<TlsOptions> tls;
};

// ---- [[listen.http]] -----------------------------------------------------------------------

// Options every HTTP handler has.
struct HttpHandlerCommon {
  std::string host;  // "_": any host
  std::string path;
};

// mod_bosh / mongoose_bosh_handler: BOSH (XEP-0124/0206); its behaviour is set in mod_bosh or
// services.service_bosh.
struct BoshHandlerOptions {
  HttpHandlerCommon common;
};

// mod_websockets / mongoose_websocket_handler: XMPP over WebSocket (RFC 7395).
struct WebSocketHandlerOptions {
  HttpHandlerCommon common;
  Millis timeout;  // inactivity before disconnecting; infinity by default
  std::optional<std::chrono::milliseconds> ping_rate;  // unset: the server does not ping
  Limit max_stanza_size;
  Millis c2s_state_timeout = std::chrono::milliseconds{5000};
  bool backwards_compatible_session = true;
};

enum class GraphqlSchema { kAdmin, kDomainAdmin, kUser };

struct GraphqlHandlerOptions {
  HttpHandlerCommon common;
  GraphqlSchema schema_endpoint = GraphqlSchema::kAdmin;       // required in the config
  std::optional<std::string> username;                         // admin only
  std::optional<std::string> password;                         // admin only
  std::optional<std::vector<std::string>> allowed_categories;  // unset: every category
  Millis sse_idle_timeout = std::chrono::milliseconds{3600000};
};

struct AdminApiHandlerOptions {
  HttpHandlerCommon common;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::vector<std::string> handlers{"contacts",  "users", "sessions", "messages", "stanzas",
                                    "muc_light", "muc",   "inbox",    "domain",   "metrics"};
};

struct ClientApiHandlerOptions {
  HttpHandlerCommon common;
  std::vector<std::string> handlers{"sse",          "messages",    "contacts",      "rooms",
                                    "rooms_config", "rooms_users", "rooms_messages"};
  bool docs = true;
};

struct PrometheusHandlerOptions {
  HttpHandlerCommon common;
};

// mod_http_upload: serves the files of mod_http_upload's "local" backend (PUT to upload with
// a slot's signed URL, GET to download). Meerkat's own handler; MongooseIM uploads to S3.
struct HttpUploadHandlerOptions {
  HttpHandlerCommon common;
};

// [[listen.http.handlers.TYPE]]: the older and newer handler names load into the same lists.
struct HttpHandlers {
  std::vector<BoshHandlerOptions> bosh;              // mod_bosh, mongoose_bosh_handler
  std::vector<WebSocketHandlerOptions> websockets;   // mod_websockets, mongoose_websocket_handler
  std::vector<GraphqlHandlerOptions> graphql;        // mongoose_graphql_handler
  std::vector<AdminApiHandlerOptions> admin_api;     // mongoose_admin_api
  std::vector<ClientApiHandlerOptions> client_api;   // mongoose_client_api
  std::vector<PrometheusHandlerOptions> prometheus;  // mongoose_prometheus_handler
  std::vector<HttpUploadHandlerOptions> upload;      // mod_http_upload
};

struct HttpTransportOptions {
  int num_acceptors = 100;
  Limit max_connections = 1024;
};

struct HttpProtocolOptions {
  bool compress = false;
};

struct HttpListenerOptions {
  // transport.num_acceptors and transport.max_connections are copied here as well, so the
  // network layer reads every listener's socket limits from `common`.
  ListenerCommon common;
  HttpHandlers handlers;
  HttpTransportOptions transport;
  HttpProtocolOptions protocol;
  std::optional<TlsOptions> tls;  // HTTPS; module is always just_tls here
};

struct ListenOptions {
  std::vector<C2sListenerOptions> c2s;
  std::vector<S2sListenerOptions> s2s;
  std::vector<ServiceListenerOptions> service;  // [[listen.service]] then [[listen.component]]
  std::vector<HttpListenerOptions> http;
};

}  // namespace meerkat::config
