// SPDX-License-Identifier: Apache-2.0
// seed-mongooseim-listen.md (the primary spec) plus the newer names of
// mongooseim/listeners/: [[listen.component]], mongoose_*_handler.
#include "config/listen_schema.hpp"

#include <map>
#include <tuple>

#include "config/schema.hpp"
#include "config/tls_schema.hpp"

namespace meerkat::config {

namespace {

// `port` is a TCP port, or "unix:/path" for a unix-domain socket (as ejabberd allows).
Spec<ListenerCommon> port_spec() {
  return custom_spec<ListenerCommon>(
      "port number (1-65535) or \"unix:/path\"",
      [](const RawNode& raw, ListenerCommon& c, LoadContext& ctx) {
        if (raw.kind == RawNode::Kind::kInteger && raw.integer >= 1 && raw.integer <= 65535) {
          c.port = static_cast<std::uint16_t>(raw.integer);
          return;
        }
        if (raw.kind == RawNode::Kind::kString && raw.string.rfind("unix:", 0) == 0 &&
            raw.string.size() > 5) {
          c.unix_path = raw.string.substr(5);
          return;
        }
        ctx.error(raw.pos,
                  "expected a port number (1-65535) or \"unix:/path\", got " +
                      (raw.kind == RawNode::Kind::kInteger || raw.kind == RawNode::Kind::kString
                           ? quote_raw(raw)
                           : std::string(kind_name(raw.kind))));
      });
}

void check_address(ListenerCommon& c, SectionCheck& check) {
  if (c.unix_path && check.has("ip_address")) {
    check.error("ip_address", "a unix socket listener (port = \"unix:…\") has no ip_address");
    return;
  }
  if (!check.has("ip_address")) return;
  int actual = ip_address_version(c.ip_address);
  if (check.has("ip_version") && c.ip_version != actual) {
    check.error("ip_version", "ip_version " + std::to_string(c.ip_version) +
                                  " does not match ip_address \"" + c.ip_address + "\" (an IPv" +
                                  std::to_string(actual) + " address)");
    return;
  }
  c.ip_version = actual;
}

// Options that only XMPP listeners (c2s, s2s, service) have.
Section<ListenerCommon> xmpp_listener_options() {
  return Section<ListenerCommon>{}
      .option("backlog", &ListenerCommon::backlog, positive(),
              "Length of the queue of connections not yet accepted.")
      .option("proxy_protocol", &ListenerCommon::proxy_protocol,
              "Expect a PROXY protocol header (v1 or v2) before the stream, and take the "
              "client's address from it.")
      .option("hibernate_after", &ListenerCommon::hibernate_after, {non_negative(), or_infinity()},
              "Milliseconds of idleness after which a connection releases its buffers.")
      .option("max_stanza_size", &ListenerCommon::max_stanza_size, {positive(), or_infinity()},
              "Largest stanza accepted, in bytes.")
      .option("num_acceptors", &ListenerCommon::num_acceptors, positive(),
              "Accepts that may be pending at once on the listening socket.");
}

// c2s has two socket options that the seed gives no other listener.
Section<ListenerCommon> c2s_socket_options() {
  return Section<ListenerCommon>{}
      .option("max_connections", &ListenerCommon::max_connections, {positive(), or_infinity()},
              "Most open connections; a soft limit.")
      .option("reuse_port", &ListenerCommon::reuse_port,
              "Open one SO_REUSEPORT socket per shard, letting the kernel spread connections.");
}

Section<HttpHandlerCommon> handler_common() {
  return Section<HttpHandlerCommon>{}
      .option("host", &HttpHandlerCommon::host, non_empty(),
              "Host name the handler answers for; \"_\" for any.")
      .required()
      .option("path", &HttpHandlerCommon::path, non_empty(), "URL path of the handler.")
      .required()
      .check([](const std::string& p) { return p.front() == '/'; }, "a path starting with \"/\"");
}

Section<WebSocketHandlerOptions> websocket_handler(const char* state_timeout_key) {
  return Section<WebSocketHandlerOptions>{}
      .merge(&WebSocketHandlerOptions::common, handler_common())
      .option("timeout", &WebSocketHandlerOptions::timeout, {non_negative(), or_infinity()},
              "Milliseconds of client silence before the connection is closed.")
      .option("ping_rate", &WebSocketHandlerOptions::ping_rate, positive(),
              "Milliseconds between server pings; unset: no pings.")
      .option("max_stanza_size", &WebSocketHandlerOptions::max_stanza_size,
              {positive(), or_infinity()}, "Largest stanza accepted, in bytes.")
      .option(state_timeout_key, &WebSocketHandlerOptions::c2s_state_timeout,
              {non_negative(), or_infinity()},
              "Milliseconds a client may take for each step of stream negotiation.")
      .option("backwards_compatible_session",
              &WebSocketHandlerOptions::backwards_compatible_session,
              "Answer the RFC 3921 session IQ.");
}

void check_credentials(const std::optional<std::string>& user,
                       const std::optional<std::string>& password, SectionCheck& c) {
  if (user && !password) c.error("password", "required option missing (username is set)");
  if (password && !user) c.error("username", "required option missing (password is set)");
}

Section<GraphqlHandlerOptions> graphql_handler() {
  return Section<GraphqlHandlerOptions>{}
      .merge(&GraphqlHandlerOptions::common, handler_common())
      .option("schema_endpoint", &GraphqlHandlerOptions::schema_endpoint,
              one_of({{"admin", GraphqlSchema::kAdmin},
                      {"domain_admin", GraphqlSchema::kDomainAdmin},
                      {"user", GraphqlSchema::kUser}}),
              "Which API: global admin, domain admin, or user.")
      .required()
      .option("username", &GraphqlHandlerOptions::username, non_empty(),
              "Basic-auth user name of the admin endpoint; unset: no authentication.")
      .option("password", &GraphqlHandlerOptions::password, "Basic-auth password (admin only).")
      .option("allowed_categories", &GraphqlHandlerOptions::allowed_categories,
              {non_empty(),
               one_of({"checkAuth", "account", "domain", "last",   "muc",     "muc_light",
                       "session",   "stanza",  "roster", "vcard",  "private", "metric",
                       "stat",      "gdpr",    "mnesia", "server", "inbox",   "http_upload",
                       "offline",   "token",   "cets"})},
              "Command categories served; unset: all.")
      .option("sse_idle_timeout", &GraphqlHandlerOptions::sse_idle_timeout,
              {positive(), or_infinity()},
              "Milliseconds an idle server-sent-events subscription is kept.")
      .cross_check({"schema_endpoint", "username", "password"},
                   [](GraphqlHandlerOptions& g, SectionCheck& c) {
                     if (g.schema_endpoint != GraphqlSchema::kAdmin) {
                       for (const char* key : {"username", "password"}) {
                         if (c.has(key)) {
                           c.error(key, "only valid with schema_endpoint = \"admin\"");
                         }
                       }
                       return;
                     }
                     check_credentials(g.username, g.password, c);
                   });
}

Section<AdminApiHandlerOptions> admin_api_handler() {
  return Section<AdminApiHandlerOptions>{}
      .merge(&AdminApiHandlerOptions::common, handler_common())
      .option("username", &AdminApiHandlerOptions::username, non_empty(),
              "Basic-auth user name; unset: no authentication.")
      .option("password", &AdminApiHandlerOptions::password, "Basic-auth password.")
      .option("handlers", &AdminApiHandlerOptions::handlers,
              one_of({"contacts", "users", "sessions", "messages", "stanzas", "muc_light", "muc",
                      "inbox", "domain", "metrics"}),
              "REST resource groups served.")
      .cross_check({"username", "password"}, [](AdminApiHandlerOptions& a, SectionCheck& c) {
        check_credentials(a.username, a.password, c);
      });
}

Section<ClientApiHandlerOptions> client_api_handler() {
  return Section<ClientApiHandlerOptions>{}
      .merge(&ClientApiHandlerOptions::common, handler_common())
      .option("handlers", &ClientApiHandlerOptions::handlers,
              one_of({"sse", "messages", "contacts", "rooms", "rooms_config", "rooms_users",
                      "rooms_messages"}),
              "REST resource groups served.")
      .option("docs", &ClientApiHandlerOptions::docs, "Serve the Swagger UI at /api-docs.");
}

Section<HttpHandlers> http_handlers() {
  return Section<HttpHandlers>{}
      .list("mod_bosh", &HttpHandlers::bosh,
            Section<BoshHandlerOptions>{}.merge(&BoshHandlerOptions::common, handler_common()),
            "BOSH endpoint (XEP-0124/0206).")
      .list("mongoose_bosh_handler", &HttpHandlers::bosh,
            Section<BoshHandlerOptions>{}.merge(&BoshHandlerOptions::common, handler_common()),
            "The newer name of mod_bosh.")
      .list("mod_websockets", &HttpHandlers::websockets, websocket_handler("c2s_state_timeout"),
            "XMPP over WebSocket (RFC 7395).")
      .list("mongoose_websocket_handler", &HttpHandlers::websockets,
            websocket_handler("state_timeout"),
            "The newer name of mod_websockets; its c2s_state_timeout is called state_timeout.")
      .list("mongoose_graphql_handler", &HttpHandlers::graphql, graphql_handler(),
            "GraphQL admin, domain-admin or user API.")
      .list("mongoose_admin_api", &HttpHandlers::admin_api, admin_api_handler(), "REST admin API.")
      .list("mongoose_client_api", &HttpHandlers::client_api, client_api_handler(),
            "REST client API.")
      .list("mongoose_prometheus_handler", &HttpHandlers::prometheus,
            Section<PrometheusHandlerOptions>{}.merge(&PrometheusHandlerOptions::common,
                                                      handler_common()),
            "Prometheus metrics in text format.")
      .list("mod_http_upload", &HttpHandlers::upload,
            Section<HttpUploadHandlerOptions>{}.merge(&HttpUploadHandlerOptions::common,
                                                      handler_common()),
            "Upload and download of files for mod_http_upload's local backend.");
}

template <class L>
Section<L> with_source_line(Section<L> s) {
  return s.cross_check({"port"}, [](L& l, SectionCheck& c) {
    l.common.source_line = static_cast<std::size_t>(c.position().line);
  });
}

}  // namespace

Section<ListenerCommon> listener_common() {
  return Section<ListenerCommon>{}
      .custom("port", port_spec(), "TCP port to listen on, or \"unix:/path\" for a unix socket.")
      .required()
      .option("ip_address", &ListenerCommon::ip_address, ip_address(),
              "Address to bind; unset: every address of ip_version.")
      .option("ip_version", &ListenerCommon::ip_version, one_of({4, 6}),
              "4 or 6; taken from ip_address when that is set.")
      .option("proto", &ListenerCommon::proto, one_of({"tcp"}), "Transport protocol.")
      .cross_check({"port", "ip_address", "ip_version"}, check_address);
}

Section<C2sListenerOptions> c2s_listener_schema() {
  return with_source_line(
      Section<C2sListenerOptions>{}
          .merge(&C2sListenerOptions::common, listener_common())
          .merge(&C2sListenerOptions::common, xmpp_listener_options())
          .merge(&C2sListenerOptions::common, c2s_socket_options())
          .option("access", &C2sListenerOptions::access, non_empty(),
                  "Access rule deciding who may connect; \"all\" lets everyone in.")
          .option("shaper", &C2sListenerOptions::shaper, non_empty(),
                  "Access rule giving the shaper for incoming traffic; \"none\" for no shaper.")
          .option("c2s_state_timeout", &C2sListenerOptions::c2s_state_timeout,
                  {non_negative(), or_infinity()},
                  "Milliseconds a client may take for each step of stream negotiation and SASL.")
          .option("backwards_compatible_session", &C2sListenerOptions::backwards_compatible_session,
                  "Answer the RFC 3921 session IQ (RFC 6121 §1.4).")
          .option("allowed_auth_methods", &C2sListenerOptions::allowed_auth_methods,
                  one_of({"internal", "rdbms", "external", "anonymous", "ldap", "jwt", "http",
                          "pki", "dummy"}),
                  "The auth methods this listener may use; unset: all enabled ones.")
          .section("tls", &C2sListenerOptions::tls, c2s_tls_schema(),
                   "TLS for this listener; present: enabled."));
}

Section<S2sListenerOptions> s2s_listener_schema() {
  return with_source_line(
      Section<S2sListenerOptions>{}
          .merge(&S2sListenerOptions::common, listener_common())
          .merge(&S2sListenerOptions::common, xmpp_listener_options())
          .option("shaper", &S2sListenerOptions::shaper, non_empty(),
                  "Access rule giving the shaper for incoming traffic; \"none\" for no shaper.")
          .section("tls", &S2sListenerOptions::tls, s2s_tls_schema(),
                   "TLS parameters for incoming s2s streams."));
}

Section<ServiceListenerOptions> service_listener_schema(bool component) {
  Section<ServiceListenerOptions> s;
  s.merge(&ServiceListenerOptions::common, listener_common())
      .merge(&ServiceListenerOptions::common, xmpp_listener_options())
      .option("access", &ServiceListenerOptions::access, non_empty(),
              "Access rule deciding who may send to the components.")
      .option("password", &ServiceListenerOptions::password,
              "Shared secret of the XEP-0114 handshake.")
      .required()
      .option(component ? "shaper" : "shaper_rule", &ServiceListenerOptions::shaper_rule,
              non_empty(), "Shaper for incoming traffic (a shaper name); \"none\" for none.")
      .option("check_from", &ServiceListenerOptions::check_from,
              "Check that stanzas from the component come from its own domain.")
      .option("hidden_components", &ServiceListenerOptions::hidden_components,
              "Mark components on this listener hidden (e.g. from disco).")
      .option("conflict_behaviour", &ServiceListenerOptions::conflict_behaviour,
              one_of({{"disconnect", ConflictBehaviour::kDisconnect},
                      {"kick_old", ConflictBehaviour::kKickOld}}),
              "When a component connects for a domain already connected: refuse it, or drop "
              "the old one.")
      .option("max_fsm_queue", &ServiceListenerOptions::max_fsm_queue, positive(),
              "Most stanzas queued for one component; overrides general.max_fsm_queue.");
  if (component) {
    s.section("tls", &ServiceListenerOptions::tls, c2s_tls_schema(true),
              "TLS for this listener; present: enabled.");
  }
  return with_source_line(std::move(s));
}

Section<HttpListenerOptions> http_listener_schema() {
  return with_source_line(
      Section<HttpListenerOptions>{}
          .merge(&HttpListenerOptions::common, listener_common())
          .section("handlers", &HttpListenerOptions::handlers, http_handlers(),
                   "Request handlers, one [[listen.http.handlers.TYPE]] table each.")
          .section("transport", &HttpListenerOptions::transport,
                   Section<HttpTransportOptions>{}
                       .option("num_acceptors", &HttpTransportOptions::num_acceptors, positive(),
                               "Accepts that may be pending at once.")
                       .option("max_connections", &HttpTransportOptions::max_connections,
                               {positive(), or_infinity()}, "Most open connections."),
                   "Socket settings.")
          .section("protocol", &HttpListenerOptions::protocol,
                   Section<HttpProtocolOptions>{}.option(
                       "compress", &HttpProtocolOptions::compress,
                       "Compress response bodies for clients that accept it."),
                   "HTTP settings.")
          .section("tls", &HttpListenerOptions::tls, http_tls_schema(), "HTTPS; present: enabled.")
          .cross_check({}, [](HttpListenerOptions& h, SectionCheck&) {
            h.common.num_acceptors = h.transport.num_acceptors;
            h.common.max_connections = h.transport.max_connections;
          }));
}

namespace {

// Two listeners cannot bind the same address and port.
void check_unique_ports(ListenOptions& l, SectionCheck& c) {
  std::map<std::tuple<std::string, int, int, std::string>, std::string> used;
  auto visit = [&](const ListenerCommon& common, const std::string& name) {
    auto key = std::make_tuple(common.unix_path.value_or(common.ip_address), common.ip_version,
                               static_cast<int>(common.port), common.proto);
    auto [it, inserted] = used.emplace(key, name);
    if (!inserted) {
      c.error_at(name + ".port", "already used by listen." + it->second);
    }
  };
  auto count = [&](const char* key) -> std::size_t {
    const auto* e = c.raw().find(key);
    return e && e->value.is_array() ? e->value.array.size() : 0;
  };
  for (std::size_t i = 0; i < l.c2s.size(); ++i) {
    visit(l.c2s[i].common, "c2s[" + std::to_string(i + 1) + "]");
  }
  for (std::size_t i = 0; i < l.s2s.size(); ++i) {
    visit(l.s2s[i].common, "s2s[" + std::to_string(i + 1) + "]");
  }
  std::size_t services = count("service");
  for (std::size_t i = 0; i < l.service.size(); ++i) {
    visit(l.service[i].common, i < services
                                   ? "service[" + std::to_string(i + 1) + "]"
                                   : "component[" + std::to_string(i - services + 1) + "]");
  }
  for (std::size_t i = 0; i < l.http.size(); ++i) {
    visit(l.http[i].common, "http[" + std::to_string(i + 1) + "]");
  }
}

}  // namespace

Section<ListenOptions> listen_schema() {
  return Section<ListenOptions>{}
      .list("c2s", &ListenOptions::c2s, c2s_listener_schema(), "Client-to-server XMPP listeners.")
      // TODO(#6): s2s listeners are refused at start-up until federation is implemented.
      .list("s2s", &ListenOptions::s2s, s2s_listener_schema(), "Server-to-server XMPP listeners.")
      .list("service", &ListenOptions::service, service_listener_schema(false),
            "XEP-0114 external component listeners.")
      .list("component", &ListenOptions::service, service_listener_schema(true),
            "The newer name of [[listen.service]]; `shaper` replaces `shaper_rule`, and `tls` "
            "is allowed.")
      .list("http", &ListenOptions::http, http_listener_schema(),
            "HTTP listeners: BOSH, WebSocket, GraphQL, REST, metrics.")
      .cross_check({}, check_unique_ports);
}

}  // namespace meerkat::config
