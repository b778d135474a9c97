// SPDX-License-Identifier: Apache-2.0
// The listen section: every example of seed-mongooseim-listen.md and of the newer listener
// docs loads, and the listener rules reject what they should, with exact messages.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace meerkat::config::testing {
namespace {

using ConfigListen = ConfigTest;

TEST_F(ConfigListen, LoadsSimplestC2s) {
  auto c = ok(std::string(kGeneral) + "[[listen.c2s]]\n  port = 5222\n");
  ASSERT_EQ(c.listen.c2s.size(), 1u);
  const auto& l = c.listen.c2s[0];
  EXPECT_EQ(l.common.port, 5222);
  EXPECT_EQ(l.common.ip_version, 4);
  EXPECT_EQ(l.common.backlog, 1024);
  EXPECT_EQ(l.common.num_acceptors, 100);
  EXPECT_EQ(l.common.hibernate_after, std::chrono::milliseconds{0});
  EXPECT_FALSE(l.common.max_stanza_size);
  EXPECT_EQ(l.access, "all");
  EXPECT_EQ(l.shaper, "none");
  EXPECT_EQ(l.c2s_state_timeout, std::chrono::milliseconds{5000});
  EXPECT_FALSE(l.tls);
  EXPECT_EQ(l.common.source_line, 4u);
}

TEST_F(ConfigListen, LoadsSeedC2sExample) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.c2s]]
  port = 5222
  access = "c2s"
  shaper = "c2s_shaper"
  max_stanza_size = 65536
  tls.certfile = "server.pem"
  tls.dhfile = "dh_server.pem"

[[listen.c2s]]
  port = 5223
  access = "c2s"
  shaper = "c2s_shaper"
  max_stanza_size = 65536
)");
  ASSERT_EQ(c.listen.c2s.size(), 2u);
  ASSERT_TRUE(c.listen.c2s[0].tls);
  EXPECT_EQ(c.listen.c2s[0].tls->certfile, "server.pem");
  EXPECT_EQ(c.listen.c2s[0].tls->mode, TlsMode::kStarttls);
  EXPECT_EQ(c.listen.c2s[0].common.max_stanza_size, 65536u);
  EXPECT_FALSE(c.listen.c2s[1].tls);
}

TEST_F(ConfigListen, ReportsBadEnumWithPath) {
  EXPECT_EQ(error(std::string(kGeneral) + R"(
[[listen.c2s]]
  port = 5222
  tls.certfile = "server.pem"
  tls.mode = "startls"
)"),
            "meerkat.toml:8:14: listen.c2s[1].tls.mode: expected one of \"tls\", \"starttls\", "
            "\"starttls_required\", got \"startls\"");
}

TEST_F(ConfigListen, SuggestsKnownKey) {
  EXPECT_EQ(error(std::string(kGeneral) + R"(
[[listen.c2s]]
  port = 5222
  tls.certfile = "server.pem"
  tls.mdoe = "tls"
)"),
            "meerkat.toml:8:7: listen.c2s[1].tls.mdoe: unknown option; did you mean \"mode\"? "
            "(known: cacertfile, certfile, ciphers, crl_files, dhfile, disconnect_on_failure, "
            "early_data, keep_secrets, keyfile, mode, module, password, protocol_options, "
            "session_tickets, verify_mode, versions)");
}

}  // namespace
}  // namespace meerkat::config::testing

namespace meerkat::config::testing {
namespace {

class ConfigSeedExample : public ConfigTest {};

TEST_F(ConfigSeedExample, S2sListener) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.s2s]]
  port = 5269
  shaper = "s2s_shaper"
  max_stanza_size = 131072
  tls.dhfile = "dh_server.pem"
)");
  ASSERT_EQ(c.listen.s2s.size(), 1u);
  EXPECT_EQ(c.listen.s2s[0].shaper, "s2s_shaper");
  ASSERT_TRUE(c.listen.s2s[0].tls);
  EXPECT_EQ(c.listen.s2s[0].tls->dhfile, "dh_server.pem");
}

TEST_F(ConfigSeedExample, ServiceListener) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.service]]
  port = 8888
  access = "all"
  shaper_rule = "fast"
  ip_address = "127.0.0.1"
  password = "secret"
)");
  ASSERT_EQ(c.listen.service.size(), 1u);
  EXPECT_EQ(c.listen.service[0].shaper_rule, "fast");
  EXPECT_EQ(c.listen.service[0].password, "secret");
  EXPECT_EQ(c.listen.service[0].common.ip_version, 4);
}

TEST_F(ConfigSeedExample, ComponentListenerWithNewerNames) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.component]]
  port = 8888
  access = "all"
  shaper = "fast"
  ip_address = "127.0.0.1"
  password = "secret"
  tls.certfile = "cert.pem"
)");
  ASSERT_EQ(c.listen.service.size(), 1u);
  EXPECT_EQ(c.listen.service[0].shaper_rule, "fast");
  ASSERT_TRUE(c.listen.service[0].tls);
  EXPECT_EQ(c.listen.service[0].tls->mode, TlsMode::kTls);
}

TEST_F(ConfigSeedExample, HttpBoshAndWebSocket) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.http]]
  port = 5285
  tls.certfile = "mycert.pem"
  tls.keyfile = "mykey.pem"
  tls.password =  "secret"

  [[listen.http.handlers.mod_bosh]]
    host = "_"
    path = "/http-bind"

  [[listen.http.handlers.mod_websockets]]
    host = "_"
    path = "/ws-xmpp"
)");
  ASSERT_EQ(c.listen.http.size(), 1u);
  const auto& h = c.listen.http[0];
  ASSERT_TRUE(h.tls);
  EXPECT_EQ(h.tls->module, TlsModule::kJustTls);
  ASSERT_EQ(h.handlers.bosh.size(), 1u);
  EXPECT_EQ(h.handlers.bosh[0].common.path, "/http-bind");
  ASSERT_EQ(h.handlers.websockets.size(), 1u);
  EXPECT_FALSE(h.handlers.websockets[0].timeout);
}

TEST_F(ConfigSeedExample, HttpAdminGraphql) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.http]]
  ip_address = "127.0.0.1"
  port = 5551
  transport.num_acceptors = 5
  transport.max_connections = 10

  [[listen.http.handlers.mongoose_graphql_handler]]
    host = "localhost"
    path = "/api/graphql"
    schema_endpoint = "admin"
    username = "admin"
    password = "secret"
    allowed_categories = ["server", "last", "vcard"]
)");
  const auto& h = c.listen.http.at(0);
  EXPECT_EQ(h.common.num_acceptors, 5);
  EXPECT_EQ(h.common.max_connections, 10u);
  ASSERT_EQ(h.handlers.graphql.size(), 1u);
  EXPECT_EQ(h.handlers.graphql[0].schema_endpoint, GraphqlSchema::kAdmin);
  EXPECT_EQ(h.handlers.graphql[0].allowed_categories->size(), 3u);
}

TEST_F(ConfigSeedExample, HttpDomainAdminAndUserGraphql) {
  for (const char* endpoint : {"domain_admin", "user"}) {
    auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.http]]
  ip_address = "0.0.0.0"
  port = 5541
  transport.num_acceptors = 10
  transport.max_connections = 1024

  [[listen.http.handlers.mongoose_graphql_handler]]
    host = "_"
    path = "/api/graphql"
    schema_endpoint = ")" +
                endpoint + "\"\n");
    EXPECT_EQ(c.listen.http.at(0).handlers.graphql.size(), 1u) << endpoint;
  }
}

TEST_F(ConfigSeedExample, HttpAdminRest) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.http]]
  ip_address = "127.0.0.1"
  port = 8088
  transport.num_acceptors = 5
  transport.max_connections = 10

  [[listen.http.handlers.mongoose_admin_api]]
    host = "localhost"
    path = "/api"
    username = "admin"
    password = "secret"
)");
  EXPECT_EQ(c.listen.http.at(0).handlers.admin_api.at(0).handlers.size(), 10u);
}

TEST_F(ConfigSeedExample, HttpClientRest) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.http]]
  port = 8089
  transport.max_connections = 1024
  protocol.compress = true

  [[listen.http.handlers.mongoose_client_api]]
    host = "_"
    path = "/api"
)");
  EXPECT_TRUE(c.listen.http.at(0).protocol.compress);
  EXPECT_TRUE(c.listen.http.at(0).handlers.client_api.at(0).docs);
}

TEST_F(ConfigSeedExample, NewerHandlerNamesAndPrometheus) {
  auto c = ok(std::string(kGeneral) + kSeedRules + R"(
[[listen.http]]
  port = 5280
  transport.num_acceptors = 10
  transport.max_connections = 1024

  [[listen.http.handlers.mongoose_bosh_handler]]
    host = "_"
    path = "/http-bind"

  [[listen.http.handlers.mongoose_websocket_handler]]
    host = "_"
    path = "/ws-xmpp"
    state_timeout = 1000

[[listen.http]]
  port = 9091
  transport.num_acceptors = 10

  [[listen.http.handlers.mongoose_prometheus_handler]]
    host = "_"
    path = "/metrics"
)");
  ASSERT_EQ(c.listen.http.size(), 2u);
  EXPECT_EQ(c.listen.http[0].handlers.bosh.size(), 1u);
  EXPECT_EQ(c.listen.http[0].handlers.websockets.at(0).c2s_state_timeout,
            std::chrono::milliseconds{1000});
  EXPECT_EQ(c.listen.http[1].handlers.prometheus.size(), 1u);
}

TEST_F(ConfigSeedExample, UnixSocketPort) {
  auto c = ok(std::string(kGeneral) + "[[listen.c2s]]\n  port = \"unix:/run/meerkat.sock\"\n");
  EXPECT_EQ(c.listen.c2s.at(0).common.unix_path, "/run/meerkat.sock");
  EXPECT_EQ(c.listen.c2s.at(0).common.port, 0);
}

TEST_F(ConfigSeedExample, IpVersionFollowsAddress) {
  auto c = ok(std::string(kGeneral) + "[[listen.c2s]]\n  port = 5222\n  ip_address = \"::1\"\n");
  EXPECT_EQ(c.listen.c2s.at(0).common.ip_version, 6);
}

}  // namespace
}  // namespace meerkat::config::testing

namespace meerkat::config::testing {
namespace {

TEST_F(ConfigListen, RefusesReferencesToUndefinedRules) {
  auto all = errors(std::string(kGeneral) + R"(
[[listen.c2s]]
  port = 5222
  access = "c2s"
  shaper = "c2s_shaper"
[[listen.component]]
  port = 8888
  password = "secret"
  shaper = "fast"
)");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0],
            "meerkat.toml:7:12: listen.c2s[1].access: no access rule named \"c2s\" in the "
            "access section");
  EXPECT_EQ(all[1],
            "meerkat.toml:8:12: listen.c2s[1].shaper: no access rule named \"c2s_shaper\" in the "
            "access section");
  EXPECT_EQ(all[2],
            "meerkat.toml:12:12: listen.component[1].shaper: no shaper named \"fast\" in the "
            "shaper section");
}

}  // namespace
}  // namespace meerkat::config::testing
