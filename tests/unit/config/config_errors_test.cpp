// SPDX-License-Identifier: Apache-2.0
// Bad configs and the exact message each one gets (STYLE.md "Configuration": position, option
// path, what was expected, what was found).
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace meerkat::config::testing {
namespace {

using ConfigErrorMessages = ConfigTest;

std::string with_general(const std::string& rest) { return std::string(kGeneral) + rest; }

TEST_F(ConfigErrorMessages, UnknownTopLevelSection) {
  EXPECT_EQ(error(with_general("[listn.c2s]\n")),
            "meerkat.toml:4:2: listn: unknown option; did you mean \"listen\"? (known: access, "
            "acl, auth, general, host_config, instrumentation, internal_databases, listen, "
            "modules, outgoing_pools, s2s, services, shaper)");
}

TEST_F(ConfigErrorMessages, WrongTypeString) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  access = 5\n")),
            "meerkat.toml:6:12: listen.c2s[1].access: expected a non-empty string, got integer");
}

TEST_F(ConfigErrorMessages, WrongTypeInteger) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  backlog = \"big\"\n")),
            "meerkat.toml:6:13: listen.c2s[1].backlog: expected a positive integer, got string");
}

TEST_F(ConfigErrorMessages, WrongTypeBoolean) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  reuse_port = \"yes\"\n")),
            "meerkat.toml:6:16: listen.c2s[1].reuse_port: expected a boolean, got string");
}

TEST_F(ConfigErrorMessages, ZeroWherePositiveNeeded) {
  EXPECT_EQ(error(with_general("[modules.mod_ping]\n  ping_interval = 0\n")),
            "meerkat.toml:5:19: modules.mod_ping.ping_interval: expected a positive integer, "
            "got 0");
}

TEST_F(ConfigErrorMessages, NegativeWhereNonNegativeNeeded) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  hibernate_after = -1\n")),
            "meerkat.toml:6:21: listen.c2s[1].hibernate_after: expected a non-negative integer "
            "or \"infinity\", got -1");
}

TEST_F(ConfigErrorMessages, PortOutOfRange) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 70000\n")),
            "meerkat.toml:5:10: listen.c2s[1].port: expected a port number (1-65535) or "
            "\"unix:/path\", got 70000");
}

TEST_F(ConfigErrorMessages, MissingRequiredOption) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  access = \"c2s\"\n")),
            "meerkat.toml:4:1: listen.c2s[1].port: required option missing");
}

TEST_F(ConfigErrorMessages, MissingGeneral) {
  EXPECT_EQ(error("[[listen.c2s]]\n  port = 5222\n"),
            "meerkat.toml:1:1: general: required option missing");
}

TEST_F(ConfigErrorMessages, MissingFile) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  tls.certfile = \"nope.pem\"\n")),
            "meerkat.toml:6:18: listen.c2s[1].tls.certfile: expected a path to a readable file, "
            "got \"nope.pem\" (no such file)");
}

TEST_F(ConfigErrorMessages, IpAddressVersionMismatch) {
  EXPECT_EQ(error(with_general(
                "[[listen.c2s]]\n  port = 5222\n  ip_address = \"127.0.0.1\"\n  ip_version = 6\n")),
            "meerkat.toml:7:16: listen.c2s[1].ip_version: ip_version 6 does not match ip_address "
            "\"127.0.0.1\" (an IPv4 address)");
}

TEST_F(ConfigErrorMessages, BadIpAddress) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  ip_address = \"localhost\"\n")),
            "meerkat.toml:6:16: listen.c2s[1].ip_address: expected an IP address, got "
            "\"localhost\"");
}

TEST_F(ConfigErrorMessages, DuplicateHost) {
  EXPECT_EQ(error("[general]\n  hosts = [\"a.com\", \"b.com\", \"a.com\"]\n"
                  "  default_server_domain = \"a.com\"\n"),
            "meerkat.toml:2:30: general.hosts[3]: duplicate host \"a.com\"");
}

TEST_F(ConfigErrorMessages, DefaultServerDomainNotInHosts) {
  EXPECT_EQ(error("[general]\n  hosts = [\"a.com\"]\n  default_server_domain = \"b.com\"\n"),
            "meerkat.toml:3:27: general.default_server_domain: \"b.com\" is not one of "
            "general.hosts");
}

TEST_F(ConfigErrorMessages, NoHostsAtAll) {
  auto all = errors("[general]\n  default_server_domain = \"b.com\"\n");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0],
            "meerkat.toml:1:1: general.hosts: at least one of general.hosts and "
            "general.host_types must be set");
  EXPECT_EQ(all[1],
            "meerkat.toml:2:27: general.default_server_domain: \"b.com\" is not one of "
            "general.hosts");
}

TEST_F(ConfigErrorMessages, BadDomain) {
  EXPECT_EQ(error("[general]\n  hosts = [\"a..com\"]\n  default_server_domain = \"a.com\"\n"),
            "meerkat.toml:2:12: general.hosts[1]: expected a domain name, got \"a..com\" "
            "(domainpart has an empty label)");
}

TEST_F(ConfigErrorMessages, UnknownModule) {
  EXPECT_EQ(errors(with_general("[modules.mod_pnig]\n")).at(0).substr(0, 80),
            "meerkat.toml:4:10: modules.mod_pnig: unknown option; did you mean \"mod_ping\"? (k");
}

TEST_F(ConfigErrorMessages, BadModuleOption) {
  EXPECT_EQ(error(with_general("[modules.mod_ping]\n  timeout_action = \"explode\"\n")),
            "meerkat.toml:5:20: modules.mod_ping.timeout_action: expected one of \"none\", "
            "\"kill\", got \"explode\"");
}

TEST_F(ConfigErrorMessages, TlsOptionForWrongModule) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  tls.certfile = \"cert.pem\"\n"
                               "  tls.keyfile = \"key.pem\"\n")),
            "meerkat.toml:7:17: listen.c2s[1].tls.keyfile: only valid with module = \"just_tls\" "
            "(the default module is \"fast_tls\")");
}

TEST_F(ConfigErrorMessages, FastTlsOptionWithJustTls) {
  EXPECT_EQ(
      error(with_general("[[listen.c2s]]\n  port = 5222\n  tls.certfile = \"cert.pem\"\n"
                         "  tls.module = \"just_tls\"\n  tls.protocol_options = [\"no_sslv3\"]\n")),
      "meerkat.toml:8:26: listen.c2s[1].tls.protocol_options: only valid with module = "
      "\"fast_tls\" (module is \"just_tls\")");
}

TEST_F(ConfigErrorMessages, TlsOptionNotAcceptedByS2s) {
  EXPECT_EQ(error(with_general("[[listen.s2s]]\n  port = 5269\n  tls.mode = \"tls\"\n")),
            "meerkat.toml:6:7: listen.s2s[1].tls.mode: unknown option (known: cacertfile, "
            "certfile, ciphers, dhfile, protocol_options, verify_mode)");
}

TEST_F(ConfigErrorMessages, InfinityWhereNotAllowed) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n  backlog = \"infinity\"\n")),
            "meerkat.toml:6:13: listen.c2s[1].backlog: expected a positive integer, got string");
}

TEST_F(ConfigErrorMessages, InfinityMisspelled) {
  EXPECT_EQ(
      error(with_general("[[listen.c2s]]\n  port = 5222\n  max_stanza_size = \"infinite\"\n")),
      "meerkat.toml:6:21: listen.c2s[1].max_stanza_size: expected a positive integer or "
      "\"infinity\", got string");
}

TEST_F(ConfigErrorMessages, TomlSyntaxError) {
  auto e = error(with_general("[[listen.c2s]]\n  port = = 5222\n"));
  EXPECT_EQ(e.rfind("meerkat.toml:5:", 0), 0u) << e;
  EXPECT_NE(e.find(": TOML syntax error: "), std::string::npos) << e;
}

TEST_F(ConfigErrorMessages, DuplicatePort) {
  EXPECT_EQ(error(with_general("[[listen.c2s]]\n  port = 5222\n[[listen.s2s]]\n  port = 5222\n")),
            "meerkat.toml:7:10: listen.s2s[1].port: already used by listen.c2s[1]");
}

TEST_F(ConfigErrorMessages, ServicePasswordRequired) {
  EXPECT_EQ(error(with_general("[[listen.service]]\n  port = 8888\n")),
            "meerkat.toml:4:1: listen.service[1].password: required option missing");
}

TEST_F(ConfigErrorMessages, GraphqlCredentialsOnlyForAdmin) {
  EXPECT_EQ(error(with_general("[[listen.http]]\n  port = 5541\n"
                               "  [[listen.http.handlers.mongoose_graphql_handler]]\n"
                               "    host = \"_\"\n    path = \"/api/graphql\"\n"
                               "    schema_endpoint = \"user\"\n    username = \"admin\"\n")),
            "meerkat.toml:10:16: listen.http[1].handlers.mongoose_graphql_handler[1].username: "
            "only valid with schema_endpoint = \"admin\"");
}

TEST_F(ConfigErrorMessages, HttpsNeedsKeyfile) {
  EXPECT_EQ(error(with_general("[[listen.http]]\n  port = 443\n  tls.certfile = \"cert.pem\"\n")),
            "meerkat.toml:6:3: listen.http[1].tls.keyfile: required option missing");
}

TEST_F(ConfigErrorMessages, HandlerPathMustBeAbsolute) {
  EXPECT_EQ(error(with_general("[[listen.http]]\n  port = 5280\n"
                               "  [[listen.http.handlers.mod_bosh]]\n    host = \"_\"\n"
                               "    path = \"http-bind\"\n")),
            "meerkat.toml:8:12: listen.http[1].handlers.mod_bosh[1].path: expected a path "
            "starting with \"/\", got \"http-bind\"");
}

TEST_F(ConfigErrorMessages, AuthMethodWithRequiredOptionsNeedsSection) {
  EXPECT_EQ(error(with_general("[auth]\n  methods = [\"internal\", \"ldap\"]\n")),
            "meerkat.toml:5:26: auth.methods[2]: method \"ldap\" needs an [auth.ldap] section for "
            "its required options");
}

TEST_F(ConfigErrorMessages, ShaperNeedsMaxRate) {
  auto all = errors(with_general("[shaper.normal]\n  maxrate = 1000\n"));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], "meerkat.toml:4:1: shaper.normal.max_rate: required option missing");
  EXPECT_EQ(all[1],
            "meerkat.toml:5:3: shaper.normal.maxrate: unknown option; did you mean "
            "\"max_rate\"? (known: max_rate)");
}

TEST_F(ConfigErrorMessages, AccessValueType) {
  EXPECT_EQ(error(with_general("[access]\n  c2s = [{acl = \"all\", value = true}]\n")),
            "meerkat.toml:5:32: access.c2s[1].value: expected a non-empty string or an integer, "
            "got boolean");
}

TEST_F(ConfigErrorMessages, HostConfigForUnknownHost) {
  EXPECT_EQ(error(with_general("[[host_config]]\n  host = \"other.com\"\n")),
            "meerkat.toml:5:10: host_config[1].host: \"other.com\" is not one of general.hosts");
}

TEST_F(ConfigErrorMessages, StaticOnlyModuleWithHostTypes) {
  EXPECT_EQ(error("[general]\n  host_types = [\"t1\"]\n  hosts = [\"a.com\"]\n"
                  "  default_server_domain = \"a.com\"\n"
                  "[modules.mod_pubsub_old]\n"),
            "meerkat.toml:5:1: modules.mod_pubsub_old: does not support dynamic domains "
            "(general.host_types is set)");
}

TEST_F(ConfigErrorMessages, IqDiscQueuesNeedsWorkers) {
  EXPECT_EQ(error(with_general("[modules.mod_roster]\n  iqdisc.type = \"queues\"\n")),
            "meerkat.toml:5:3: modules.mod_roster.iqdisc.workers: required option missing (type "
            "is \"queues\")");
}

TEST_F(ConfigErrorMessages, PoolQueueLimitNeedsBestWorker) {
  EXPECT_EQ(error(with_general("[outgoing_pools.rdbms.default]\n  strategy = \"random_worker\"\n"
                               "  max_worker_queue_len = 10\n"
                               "  [outgoing_pools.rdbms.default.connection]\n"
                               "    driver = \"pgsql\"\n    host = \"db\"\n    database = \"m\"\n"
                               "    username = \"u\"\n    password = \"p\"\n")),
            "meerkat.toml:6:26: outgoing_pools.rdbms.default.max_worker_queue_len: only valid "
            "with strategy = \"best_worker\"");
}

TEST_F(ConfigErrorMessages, CollectsEveryErrorSortedByPosition) {
  auto all = errors(R"([general]
  hosts = ["localhost"]
  default_server_domain = "localhost"
  loglevel = "loud"

[[listen.c2s]]
  port = 0
  tls.certfile = "server.pem"
  tls.mdoe = "tls"

[modules.mod_ping]
  ping_interval = -5

[[listen.c2s]]
  shaper = 3
)");
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0],
            "meerkat.toml:4:14: general.loglevel: expected one of \"none\", "
            "\"emergency\", \"alert\", \"critical\", \"error\", \"warning\", \"notice\", "
            "\"info\", \"debug\", \"all\", got \"loud\"");
  EXPECT_EQ(all[1],
            "meerkat.toml:7:10: listen.c2s[1].port: expected a port number (1-65535) or "
            "\"unix:/path\", got 0");
  EXPECT_EQ(all[2].rfind("meerkat.toml:9:7: listen.c2s[1].tls.mdoe: unknown option; did you "
                         "mean \"mode\"? (known: ",
                         0),
            0u);
  EXPECT_EQ(all[3],
            "meerkat.toml:12:19: modules.mod_ping.ping_interval: expected a positive "
            "integer, got -5");
  EXPECT_EQ(all[4], "meerkat.toml:14:1: listen.c2s[2].port: required option missing");
  EXPECT_EQ(all[5],
            "meerkat.toml:15:12: listen.c2s[2].shaper: expected a non-empty string, got integer");
}

TEST_F(ConfigErrorMessages, UnreadableFile) {
  auto r = load_toml_file((dir_ / "absent.toml").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errors().at(0).to_string(),
            (dir_ / "absent.toml").string() + ": cannot read the file: No such file or directory");
}

TEST_F(ConfigErrorMessages, ValueThrowsConfigErrors) {
  EXPECT_THROW(load("[general]\n").value(), ConfigErrors);
}

}  // namespace
}  // namespace meerkat::config::testing

namespace meerkat::config::testing {
namespace {

using NotAppliedOptions = ConfigTest;

TEST_F(NotAppliedOptions, ValidatedOnlyOptionsThatAreSetAreReported) {
  auto config = ok(std::string(kGeneral) +
                   "  registration_timeout = 600\n[[listen.c2s]]\n  port = 5222\n  access = \"all\"\n");
  ASSERT_EQ(config.not_applied.size(), 1u);
  EXPECT_EQ(config.not_applied[0].to_string(),
            "meerkat.toml:4:3: general.registration_timeout: validated, but not applied yet (see "
            "docs/config-options.md)");
}

TEST_F(NotAppliedOptions, ImplementedOptionsAreNotReported) {
  auto config = ok(std::string(kGeneral) + "[[listen.c2s]]\n  port = 5222\n  access = \"all\"\n");
  EXPECT_TRUE(config.not_applied.empty());
}

}  // namespace
}  // namespace meerkat::config::testing
