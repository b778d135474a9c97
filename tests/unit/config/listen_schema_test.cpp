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
  auto c = ok(std::string(kGeneral) + R"(
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
