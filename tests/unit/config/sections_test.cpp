// SPDX-License-Identifier: Apache-2.0
// The examples of the MongooseIM section references (auth, shaper, acl, access, s2s, pools,
// services, internal databases, host_config, modules) load into the expected typed values.
#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace meerkat::config::testing {
namespace {

using ConfigSections = ConfigTest;

TEST_F(ConfigSections, AuthExample) {
  auto c = ok(std::string(kGeneral) + R"(
[auth]
  methods = ["internal", "dummy"]
  sasl_mechanisms = ["external", "plain"]
  password.hash = ["sha512"]
  password.scram_iterations = 20_000

  [auth.internal]

  [auth.dummy]
    variance = 1000
)");
  ASSERT_TRUE(c.auth.methods);
  EXPECT_EQ(c.auth.methods->size(), 2u);
  EXPECT_EQ(c.auth.password.scram_iterations, 20000);
  EXPECT_TRUE(c.auth.internal);
  ASSERT_TRUE(c.auth.dummy);
  EXPECT_EQ(c.auth.dummy->variance, std::chrono::milliseconds{1000});
  EXPECT_FALSE(c.auth.ldap);
}

TEST_F(ConfigSections, ListedAuthMethodWithoutTableGetsDefaults) {
  auto c = ok(std::string(kGeneral) + "[auth]\n  methods = [\"internal\", \"dummy\"]\n");
  EXPECT_TRUE(c.auth.internal);
  ASSERT_TRUE(c.auth.dummy);
  EXPECT_EQ(c.auth.dummy->base_time, std::chrono::milliseconds{50});
  EXPECT_FALSE(c.auth.rdbms);
}

TEST_F(ConfigSections, EmbeddedDefaultConfigLoads) {
  auto r = load_toml_file(std::string(MEERKAT_SOURCE_DIR) + "/etc/meerkat.toml");
  EXPECT_TRUE(r) << (r ? "" : r.error().what());
}

TEST_F(ConfigSections, ShaperAclAccessExamples) {
  auto c = ok(std::string(kGeneral) + R"(
[shaper.normal]
  max_rate = 1000
[shaper.fast]
  max_rate = 50_000

[acl]
  local = [{}]
  admin = [{user = "alice", server = "localhost", resource = "mobile"}]
  digital_resources = [{resource_regexp = '^res\d+$'}]

[access]
  c2s = [
    {acl = "blocked", value = "deny"},
    {acl = "all", value = "allow"}
  ]
  max_user_sessions = [{acl = "all", value = 10}]
)");
  EXPECT_EQ(c.shaper.at("fast").max_rate, 50000u);
  EXPECT_EQ(c.acl.at("local").at(0).match, AclMatch::kCurrentDomain);
  EXPECT_EQ(c.acl.at("admin").at(0).resource, "mobile");
  EXPECT_EQ(c.acl.at("digital_resources").at(0).resource_regexp, "^res\\d+$");
  EXPECT_EQ(std::get<std::string>(c.access.at("c2s").at(0).value), "deny");
  EXPECT_EQ(std::get<std::int64_t>(c.access.at("max_user_sessions").at(0).value), 10);
}

TEST_F(ConfigSections, S2sExample) {
  auto c = ok(std::string(kGeneral) + R"(
[s2s]
  default_policy = "deny"
  host_policy = [
    {host = "good.xmpp.org", policy = "allow"},
    {host = "bad.xmpp.org", policy = "deny"}
  ]
  shared = "82gc8b23ct7824"
  outgoing.address = [
    {host = "my.xmpp.org", ip_address = "192.0.100.1"},
    {host = "your.xmpp.org", ip_address = "192.0.1.100", port = 5271}
  ]
  outgoing.connection_timeout = 5000
  outgoing.dns.retries = 1
  outgoing.ip_versions = [6]
  outgoing.tls.mode = "starttls_required"
)");
  EXPECT_EQ(c.s2s.default_policy, S2sPolicy::kDeny);
  EXPECT_EQ(c.s2s.host_policy.size(), 2u);
  EXPECT_EQ(c.s2s.outgoing.address.at(1).port, 5271);
  EXPECT_EQ(c.s2s.outgoing.ip_versions, std::vector<int>{6});
  ASSERT_TRUE(c.s2s.outgoing.tls);
  EXPECT_EQ(c.s2s.outgoing.tls->mode, TlsMode::kStarttlsRequired);
}

TEST_F(ConfigSections, OutgoingPoolsExample) {
  auto c = ok(std::string(kGeneral) + R"(
[outgoing_pools.rdbms.default]
  scope = "global"
  workers = 5
  [outgoing_pools.rdbms.default.connection]
    driver = "pgsql"
    host = "localhost"
    database = "mim-db"
    username = "mim-user"
    password = "mim-password"
    tls.required = true

[outgoing_pools.redis.global_distrib]
  workers = 2
[outgoing_pools.http.auth]
  connection.host = "https://server.com:879"
[outgoing_pools.cassandra.default]
  connection.servers = [{host = "host_one", port = 9042}, {host = "host_two"}]
[outgoing_pools.rabbit.event_pusher]
  connection.reconnect.attempts = 5
[outgoing_pools.ldap.default]
  connection.servers = ["ldap_one", "ldap_two"]
)");
  const auto& rdbms = c.outgoing_pools.rdbms.at("default");
  EXPECT_EQ(rdbms.common.workers, 5);
  EXPECT_EQ(rdbms.common.call_timeout, std::chrono::milliseconds{60000});
  ASSERT_TRUE(rdbms.connection.tls);
  EXPECT_TRUE(rdbms.connection.tls->required);
  EXPECT_EQ(c.outgoing_pools.redis.at("global_distrib").connection.port, 6379);
  EXPECT_EQ(c.outgoing_pools.cassandra.at("default").common.workers, 20);
  EXPECT_EQ(c.outgoing_pools.cassandra.at("default").connection.servers.at(1).port, 9042);
  EXPECT_EQ(c.outgoing_pools.rabbit.at("event_pusher").connection.reconnect.attempts, 5);
}

TEST_F(ConfigSections, ServicesAndInternalDatabases) {
  auto c = ok(std::string(kGeneral) + R"(
[services.service_mongoose_system_metrics]
  report = true
  initial_report = 300_000
  periodic_report = 108_000_000
  tracking_id.id = "G-123456789"
  tracking_id.secret = "Secret"

[services.service_domain_db]
  db_pool = "global"
  event_cleaning_interval = 1800
  event_max_age = 7200

[services.service_bosh]
  inactivity = 20
  max_wait = "infinity"
  server_acks = true
  max_pause = 120

[internal_databases.cets]
    backend = "file"
    node_list_file = "cets_disco.txt"
)");
  ASSERT_TRUE(c.services.service_bosh);
  EXPECT_FALSE(c.services.service_bosh->max_wait);
  EXPECT_EQ(c.services.service_bosh->inactivity, std::chrono::seconds{20});
  ASSERT_TRUE(c.internal_databases.cets);
  EXPECT_EQ(c.internal_databases.cets->backend, CetsDiscovery::kFile);
  EXPECT_FALSE(c.internal_databases.mnesia);
}

TEST_F(ConfigSections, CetsFileBackendNeedsNodeList) {
  EXPECT_EQ(error(std::string(kGeneral) + "[internal_databases.cets]\n  backend = \"file\"\n"),
            "meerkat.toml:4:1: internal_databases.cets.node_list_file: required option missing "
            "(backend is \"file\")");
}

TEST_F(ConfigSections, HostConfigExamples) {
  auto c = ok(R"([general]
  hosts = ["domain1.com", "domain2.com", "domain3.com"]
  default_server_domain = "domain1.com"
  replaced_wait_timeout = 1000

[acl]
  blocked = [{user = "spammer"}]

[[host_config]]
  host = "domain2.com"

  [host_config.general]
    replaced_wait_timeout = 2000

  [host_config.auth]
    methods = ["rdbms"]
    password.hash = ["sha256"]
    [host_config.auth.rdbms]

  [host_config.modules.mod_disco]
    users_can_see_hidden_services = false

  [host_config.modules.mod_stream_management]

  [host_config.acl]
    blocked = [{user = "hacker2"}]

  [host_config.s2s]
    host_policy = [{host = "bad-xmpp.org", policy = "allow"}]
)");
  ASSERT_EQ(c.host_config.size(), 1u);
  const auto& h = c.host_config[0];
  EXPECT_EQ(h.host, "domain2.com");
  EXPECT_EQ(h.general.replaced_wait_timeout, std::chrono::milliseconds{2000});
  ASSERT_TRUE(h.modules);
  EXPECT_EQ(h.modules->enabled, (std::vector<std::string>{"mod_disco", "mod_stream_management"}));
  EXPECT_EQ(h.acl.at("blocked").at(0).user, "hacker2");
  ASSERT_TRUE(h.s2s);
  EXPECT_EQ(h.s2s->default_policy, S2sPolicy::kAllow);
}

TEST_F(ConfigSections, HostConfigNamesOneOfHostAndHostType) {
  EXPECT_EQ(error(std::string(kGeneral) + "[[host_config]]\n  [host_config.general]\n"),
            "meerkat.toml:4:1: host_config[1].host: required option missing (or set host_type)");
}

TEST_F(ConfigSections, HostsArePrepared) {
  auto c = ok("[general]\n  hosts = [\"LocalHost\"]\n  default_server_domain = \"LOCALHOST\"\n");
  EXPECT_EQ(c.general.hosts, std::vector<std::string>{"localhost"});
  EXPECT_EQ(c.general.default_server_domain, "localhost");
}

TEST_F(ConfigSections, MamPmAndMucInheritTopLevelOptions) {
  auto c = ok(std::string(kGeneral) + R"(
[modules.mod_mam]
  backend = "rdbms"
  async_writer.enabled = true
  default_result_limit = 20
  muc.async_writer.enabled = false
  muc.host = "muc.example.com"
  [modules.mod_mam.pm]
    archive_groupchats = true
)");
  const auto& mam = c.modules.mod_mam.value();
  ASSERT_TRUE(mam.pm);
  ASSERT_TRUE(mam.muc);
  EXPECT_TRUE(mam.pm->archive_groupchats);
  EXPECT_EQ(mam.pm->archive.default_result_limit, 20);
  EXPECT_TRUE(mam.pm->archive.async_writer.enabled);
  EXPECT_EQ(mam.muc->archive.default_result_limit, 20);
  EXPECT_FALSE(mam.muc->archive.async_writer.enabled);
  EXPECT_EQ(mam.muc->host, "muc.example.com");
}

TEST_F(ConfigSections, ModulesRecordedInFileOrder) {
  auto c = ok(std::string(kGeneral) + R"(
[modules.mod_roster]
  versioning = true
[modules.mod_ping]
  send_pings = true
  ping_interval = 30
[modules.mod_disco]
)");
  EXPECT_EQ(c.modules.enabled, (std::vector<std::string>{"mod_roster", "mod_ping", "mod_disco"}));
  EXPECT_EQ(c.modules.mod_ping->ping_interval, std::chrono::seconds{30});
  EXPECT_TRUE(c.modules.mod_roster->versioning);
}

TEST_F(ConfigSections, MucDefaultRoomAndMucLightSchema) {
  auto c = ok(std::string(kGeneral) + R"(
[modules.mod_muc]
  host = "conference.@HOST@"
  access = "muc"
  access_create = "muc_create"
  default_room.persistent = true
  [[modules.mod_muc.default_room.affiliations]]
    user = "alice"
    server = "localhost"
    resource = "resource1"
    affiliation = "member"

[modules.mod_muc_light]
  [modules.mod_muc_light.cache_affs]
    time_to_live = 60
  [[modules.mod_muc_light.config_schema]]
    field = "roomname"
    string_value = "The Room"
  [[modules.mod_muc_light.config_schema]]
    field = "display-lines"
    integer_value = 30
    internal_key = "display_lines"
)");
  EXPECT_TRUE(c.modules.mod_muc->default_room.persistent);
  EXPECT_EQ(c.modules.mod_muc->default_room.affiliations.at(0).affiliation, "member");
  const auto& light = c.modules.mod_muc_light.value();
  ASSERT_TRUE(light.cache_affs);
  EXPECT_EQ(light.cache_affs->time_to_live, std::chrono::minutes{60});
  ASSERT_EQ(light.config_schema.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(light.config_schema[1].value), 30);
}

}  // namespace
}  // namespace meerkat::config::testing
