// SPDX-License-Identifier: Apache-2.0
// Every option both ways (STYLE.md "Configuration"): for each scalar option in the generated
// reference, a value its type accepts must load, and one its validators refuse must be
// reported at that option's path. Values come from the option's documented type; the table of
// contexts supplies the required neighbours each option needs.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <regex>

#include "config/config_reference.hpp"
#include "config_test_support.hpp"

namespace meerkat::config::testing {
namespace {

struct Context {
  std::string prefix;    // reference path prefix this context serves
  std::string preamble;  // TOML written before the option's table
  std::vector<std::pair<std::string, std::string>> required;  // key = value in the table
};

const std::vector<Context>& contexts() {
  static const std::vector<Context> all = {
      {"general", "", {{"hosts", "[\"localhost\"]"}, {"default_server_domain", "\"localhost\""}}},
      {"general.domain_certfile[]",
       "[general]\n  hosts = [\"localhost\"]\n  default_server_domain = \"localhost\"\n",
       {{"domain", "\"localhost\""}, {"certfile", "\"cert.pem\""}}},
      {"listen.http[].handlers.mongoose_graphql_handler[].username",
       "[[listen.http]]\n  port = 5280\n",
       {{"host", "\"_\""},
        {"path", "\"/p\""},
        {"schema_endpoint", "\"admin\""},
        {"password", "\"p\""}}},
      {"listen.http[].handlers.mongoose_graphql_handler[].password",
       "[[listen.http]]\n  port = 5280\n",
       {{"host", "\"_\""},
        {"path", "\"/p\""},
        {"schema_endpoint", "\"admin\""},
        {"username", "\"u\""}}},
      {"listen.http[].handlers.mongoose_admin_api[].username",
       "[[listen.http]]\n  port = 5280\n",
       {{"host", "\"_\""}, {"path", "\"/p\""}, {"password", "\"p\""}}},
      {"listen.http[].handlers.mongoose_admin_api[].password",
       "[[listen.http]]\n  port = 5280\n",
       {{"host", "\"_\""}, {"path", "\"/p\""}, {"username", "\"u\""}}},
      {"listen.c2s[]", "", {{"port", "5222"}}},
      {"listen.c2s[].tls", "", {{"port", "5222"}, {"tls.certfile", "\"cert.pem\""}}},
      {"listen.s2s[]", "", {{"port", "5269"}}},
      {"listen.service[]", "", {{"port", "8888"}, {"password", "\"s\""}}},
      {"listen.component[]", "", {{"port", "8888"}, {"password", "\"s\""}}},
      {"listen.component[].tls",
       "",
       {{"port", "8888"}, {"password", "\"s\""}, {"tls.certfile", "\"cert.pem\""}}},
      {"listen.http[]", "", {{"port", "5280"}}},
      {"listen.http[].tls",
       "",
       {{"port", "5280"}, {"tls.certfile", "\"cert.pem\""}, {"tls.keyfile", "\"key.pem\""}}},
      {"listen.http[].handlers",
       "[[listen.http]]\n  port = 5280\n",
       {{"host", "\"_\""}, {"path", "\"/p\""}}},
      {"listen.http[].handlers.mongoose_graphql_handler[]",
       "[[listen.http]]\n  port = 5280\n",
       {{"host", "\"_\""}, {"path", "\"/p\""}, {"schema_endpoint", "\"admin\""}}},
      {"auth.ldap", "", {{"base", "\"dc=x\""}}},
      {"auth.ldap.uids[]", "[auth.ldap]\n  base = \"dc=x\"\n", {{"attr", "\"uid\""}}},
      {"auth.ldap.dn_filter", "[auth.ldap]\n  base = \"dc=x\"\n", {{"filter", "\"(x)\""}}},
      {"auth.ldap.local_filter",
       "[auth.ldap]\n  base = \"dc=x\"\n",
       {{"operation", "\"equal\""}, {"attribute", "\"a\""}}},
      {"auth.jwt.secret", "[auth.jwt]\n  algorithm = \"HS256\"\n  username_key = \"u\"\n", {}},
      {"auth.jwt",
       "",
       {{"secret.value", "\"k\""}, {"algorithm", "\"HS256\""}, {"username_key", "\"u\""}}},
      {"auth.external", "", {{"program", "\"/bin/true\""}}},
      {"shaper.<name>", "", {{"max_rate", "1"}}},
      {"acl.<name>[]", "", {}},
      {"access.<name>[]", "", {{"acl", "\"all\""}, {"value", "\"allow\""}}},
      {"s2s.host_policy[]", "", {{"host", "\"a.com\""}, {"policy", "\"allow\""}}},
      {"s2s.outgoing.address[]", "", {{"host", "\"a.com\""}, {"ip_address", "\"1.2.3.4\""}}},
      {"outgoing_pools.rdbms.<name>",
       "",
       {{"connection.driver", "\"pgsql\""},
        {"connection.host", "\"db\""},
        {"connection.database", "\"d\""},
        {"connection.username", "\"u\""},
        {"connection.password", "\"p\""}}},
      {"outgoing_pools.http.<name>", "", {{"connection.host", "\"http://h\""}}},
      {"outgoing_pools.cassandra.<name>.connection.servers[]", "", {{"host", "\"h\""}}},
      {"outgoing_pools.cassandra.<name>.connection.auth",
       "",
       {{"plain.username", "\"u\""}, {"plain.password", "\"p\""}}},
      {"outgoing_pools.elastic.<name>", "", {}},
      {"services.service_mongoose_system_metrics",
       "",
       {{"tracking_id.id", "\"i\""}, {"tracking_id.secret", "\"s\""}}},
      {"instrumentation.exometer.report.graphite[]", "", {{"host", "\"g\""}}},
      {"modules.mod_http_upload",
       "",
       {{"s3.bucket_url", "\"https://b\""},
        {"s3.region", "\"r\""},
        {"s3.access_key_id", "\"a\""},
        {"s3.secret_access_key", "\"s\""},
        {"local.base_url", "\"https://u\""}}},
      {"modules.mod_vcard.ldap.uids[]", "", {{"attr", "\"uid\""}}},
      {"modules.mod_vcard.ldap.vcard_map[]",
       "",
       {{"vcard_field", "\"FN\""}, {"ldap_pattern", "\"%s\""}, {"ldap_field", "\"cn\""}}},
      {"modules.mod_vcard.ldap.search_fields[]",
       "",
       {{"search_field", "\"User\""}, {"ldap_field", "\"uid\""}}},
      {"modules.mod_vcard.ldap.search_reported[]",
       "",
       {{"search_field", "\"User\""}, {"vcard_field", "\"FN\""}}},
      {"modules.mod_disco.server_info[]", "", {{"name", "\"n\""}, {"urls", "[\"u\"]"}}},
      {"modules.mod_register.ip_access[]",
       "",
       {{"address", "\"127.0.0.1\""}, {"policy", "\"allow\""}}},
      {"modules.mod_muc.default_room.affiliations[]",
       "",
       {{"user", "\"a\""},
        {"server", "\"a.com\""},
        {"resource", "\"r\""},
        {"affiliation", "\"member\""}}},
      {"modules.mod_muc_light.config_schema[]",
       "",
       {{"field", "\"f\""}, {"string_value", "\"v\""}}},
      {"modules.mod_muc_light.config_schema[].integer_value", "", {{"field", "\"f\""}}},
      {"modules.mod_muc_light.config_schema[].float_value", "", {{"field", "\"f\""}}},
      {"modules.mod_muc_light.config_schema[].boolean_value", "", {{"field", "\"f\""}}},
      {"modules.mod_fast_auth_token",
       "",
       {{"validity_period.access.value", "1"},
        {"validity_period.access.unit", "\"days\""},
        {"validity_period.rotate_before_expire.value", "1"},
        {"validity_period.rotate_before_expire.unit", "\"days\""}}},
      {"modules.mod_auth_token",
       "",
       {{"validity_period.access.value", "1"},
        {"validity_period.access.unit", "\"days\""},
        {"validity_period.refresh.value", "1"},
        {"validity_period.refresh.unit", "\"days\""}}},
      {"modules.mod_event_pusher.sns",
       "",
       {{"sns_host", "\"h\""},
        {"region", "\"r\""},
        {"access_key_id", "\"a\""},
        {"secret_access_key", "\"s\""},
        {"account_id", "\"1\""}}},
      {"modules.mod_extdisco.service[]", "", {{"type", "\"stun\""}, {"host", "\"h\""}}},
      {"modules.mod_global_distrib",
       "",
       {{"global_host", "\"g.com\""}, {"local_host", "\"l.com\""}}},
      {"modules.mod_global_distrib.connections.endpoints[]",
       "[modules.mod_global_distrib]\n  global_host = \"g.com\"\n  local_host = \"l.com\"\n",
       {{"host", "\"h\""}, {"port", "5555"}}},
      {"modules.mod_global_distrib.connections.tls",
       "[modules.mod_global_distrib]\n  global_host = \"g.com\"\n  local_host = \"l.com\"\n",
       {{"certfile", "\"cert.pem\""}, {"cacertfile", "\"cert.pem\""}}},
      {"modules.mod_keystore.keys[]",
       "",
       {{"name", "\"k\""}, {"type", "\"file\""}, {"path", "\"cert.pem\""}}},
      {"modules.mod_pubsub_old.pep_mapping[]", "", {{"namespace", "\"n\""}, {"node", "\"p\""}}},
      {"host_config[]", "", {{"host", "\"localhost\""}}},
      {"host_config[].auth.ldap", "", {{"host", "\"localhost\""}, {"auth.ldap.base", "\"b\""}}},
      {"host_config[].auth.jwt",
       "",
       {{"host", "\"localhost\""},
        {"auth.jwt.secret.value", "\"k\""},
        {"auth.jwt.algorithm", "\"HS256\""},
        {"auth.jwt.username_key", "\"u\""}}},
      {"host_config[].auth.external",
       "",
       {{"host", "\"localhost\""}, {"auth.external.program", "\"p\""}}},
  };
  return all;
}

// The just_tls-only TLS options need module = "just_tls" beside them.
const std::vector<Context>& just_tls_contexts() {
  static const std::vector<Context> all = [] {
    std::vector<Context> out;
    for (const char* listener : {"c2s", "component"}) {
      for (const char* key : {"keyfile", "password", "disconnect_on_failure", "versions",
                              "crl_files", "keep_secrets", "early_data", "session_tickets"}) {
        Context c{
            std::string("listen.") + listener + "[].tls." + key,
            "",
            {{"port", "8888"}, {"tls.certfile", "\"cert.pem\""}, {"tls.module", "\"just_tls\""}}};
        if (std::string(listener) == "component") c.required.push_back({"password", "\"s\""});
        out.push_back(std::move(c));
      }
    }
    return out;
  }();
  return all;
}

// Values for options whose neighbours constrain them, by reference path.
const std::map<std::string, std::pair<std::string, std::string>>& overrides() {
  static const std::map<std::string, std::pair<std::string, std::string>> all = {
      {"general.hosts", {"[\"localhost\", \"b.com\"]", "[\"a..b\"]"}},
      {"general.default_server_domain", {"\"localhost\"", "\"other.com\""}},
      {"general.host_types", {"[\"t1\"]", "[\"\"]"}},
      {"listen.c2s[].ip_version", {"4", "5"}},
      // Rule names must exist in access/shaper (tested by hand); the built-in names always do.
      {"listen.c2s[].access", {"\"all\"", "\"\""}},
      {"listen.c2s[].shaper", {"\"none\"", "\"\""}},
      {"listen.s2s[].shaper", {"\"none\"", "\"\""}},
      {"listen.service[].access", {"\"all\"", "\"\""}},
      {"listen.service[].shaper_rule", {"\"none\"", "\"\""}},
      {"listen.component[].access", {"\"all\"", "\"\""}},
      {"listen.component[].shaper", {"\"none\"", "\"\""}},
      {"listen.c2s[].tls.verify_mode", {"\"none\"", "\"sometimes\""}},
      {"listen.s2s[].tls.verify_mode", {"\"none\"", "\"sometimes\""}},
      {"listen.component[].tls.verify_mode", {"\"none\"", "\"sometimes\""}},
      {"listen.c2s[].tls.module", {"\"fast_tls\"", "\"open_tls\""}},
      {"listen.component[].tls.module", {"\"fast_tls\"", "\"open_tls\""}},
      {"listen.http[].handlers.mongoose_graphql_handler[].schema_endpoint",
       {"\"admin\"", "\"root\""}},
      {"auth.methods", {"[]", "[\"magic\"]"}},
      {"auth.jwt.secret.value", {"\"k\"", "5"}},
      {"host_config[].host", {"\"localhost\"", "\"other.com\""}},
      {"host_config[].host_type", {"", "\"\""}},
      {"host_config[].auth.methods", {"[]", "[\"magic\"]"}},
      {"modules.mod_muc_light.config_schema[].integer_value", {"5", "\"x\""}},
      {"modules.mod_muc_light.config_schema[].float_value", {"1.5", "true"}},
      {"modules.mod_muc_light.config_schema[].boolean_value", {"true", "1"}},
      {"auth.ldap.uids[].format", {"\"%u@x\"", "\"x\""}},
      {"modules.mod_vcard.ldap.uids[].format", {"\"%u@x\"", ""}},
      {"modules.mod_register.ip_access[].address", {"\"10.0.0.0/8\"", "\"x\""}},
      {"modules.mod_muc_light.config_schema[].string_value", {"\"s\"", "[1]"}},
      {"outgoing_pools.rdbms.<name>.max_worker_queue_len", {"3", "-1"}},
      {"outgoing_pools.redis.<name>.strategy", {"\"best_worker\"", "\"worst_worker\""}},
      {"internal_databases.cets.backend", {"\"rdbms\"", "\"dns\""}},
      {"modules.mod_caps.versions", {"[\"v2\"]", "[\"v3\"]"}},
      {"modules.mod_broadcast.lease_time", {"60", "5"}},
      {"modules.mod_keystore.keys[].type", {"\"file\"", "\"disk\""}},
  };
  return all;
}

// Options whose both-ways cases live in hand-written tests (listener port, access values).
bool covered_elsewhere(const std::string& path) {
  static const std::regex re(
      R"((^|\.)port$|^access\.<name>\[\]\.value$|^host_config\[\]\.access\.<name>\[\]\.value$)");
  return std::regex_search(path, re) && path.find("listen.") == 0
             ? true
             : std::regex_search(path, std::regex(R"(\.value$)")) &&
                   path.find("access.") != std::string::npos;
}

std::optional<std::pair<std::string, std::string>> values_for(std::string type) {
  std::string suffix;
  for (const char* unit : {" (ms)", " (s)", " (min)", " (h)", " (days)"}) {
    auto at = type.find(unit);
    if (at != std::string::npos) type.erase(at, std::string(unit).size());
  }
  bool array = type.rfind("array of ", 0) == 0 && type != "array of tables";
  if (array) type = type.substr(9);
  bool infinity = false;
  if (auto at = type.find(" or \"infinity\""); at != std::string::npos) {
    infinity = true;
    type.erase(at);
  }
  std::pair<std::string, std::string> v;
  if (type == "boolean")
    v = {"true", "\"yes\""};
  else if (type == "positive integer")
    v = {"7", "0"};
  else if (type == "non-negative integer")
    v = {"0", "-1"};
  else if (type == "integer")
    v = {"3", "\"x\""};
  else if (type == "port number (1-65535)")
    v = {"5555", "0"};
  else if (type == "string")
    v = {"\"x\"", "5"};
  else if (type == "non-empty string")
    v = {"\"x\"", "\"\""};
  else if (type == "domain name")
    v = {"\"example.com\"", "\"a..b\""};
  else if (type == "JID")
    v = {"\"a@example.com\"", "\"@\""};
  else if (type == "IP address")
    v = {"\"127.0.0.1\"", "\"x\""};
  else if (type == "path to a readable file")
    v = {"\"cert.pem\"", "\"nope.pem\""};
  else if (type == "URL")
    v = {"\"https://h:1/p\"", "\"h\""};
  else if (type == "number")
    v = {"1.5", "\"x\""};
  else if (type.rfind("one of ", 0) == 0) {
    auto rest = type.substr(7);
    auto first = rest.substr(0, rest.find(", "));
    v = {first, first.front() == '"' ? "\"bogus\"" : "12345"};
  } else {
    return std::nullopt;
  }
  if (infinity && !array) v.first = "\"infinity\"";
  if (array) v = {"[" + v.first + "]", "[" + v.second + "]"};
  return v;
}

// The TOML that sets `path` to `value` with every neighbour it needs, or "" if no context fits.
std::string config_for(const std::string& path, const std::string& value) {
  const Context* ctx = nullptr;
  for (const auto* list : {&contexts(), &just_tls_contexts()}) {
    for (const auto& c : *list) {
      bool prefix = path.rfind(c.prefix, 0) == 0 && path.size() > c.prefix.size() &&
                    (path[c.prefix.size()] == '.' || c.prefix == path);
      if (c.prefix == path) prefix = true;
      if (prefix && (!ctx || c.prefix.size() > ctx->prefix.size())) ctx = &c;
    }
  }
  // The table the option is written in: the context's own table (cut back to its last array
  // of tables), else the option's parent table.
  std::string base = ctx && ctx->prefix != path ? ctx->prefix : path.substr(0, path.rfind('.'));
  if (path.find("[]", base.size()) != std::string::npos) {
    base = path.substr(0, path.rfind("[]") + 2);
  } else if (auto last_array = base.rfind("[]"); last_array != std::string::npos) {
    base = base.substr(0, last_array + 2);
  }
  if (base.empty() || base.size() >= path.size()) return "";
  std::string key = path.substr(base.size() + 1);
  if (key.find("[]") != std::string::npos) return "";
  bool array_table = base.size() >= 2 && base.compare(base.size() - 2, 2, "[]") == 0;
  std::string table = array_table ? base.substr(0, base.size() - 2) : base;
  if (table.find("[]") != std::string::npos && (!ctx || ctx->preamble.empty())) return "";
  auto strip = [](std::string s) {
    for (std::size_t at; (at = s.find("[]")) != std::string::npos;) s.erase(at, 2);
    for (std::size_t at; (at = s.find("<name>")) != std::string::npos;) s.replace(at, 6, "default");
    return s;
  };
  table = strip(table);
  key = strip(key);
  std::string out = path.rfind("general.", 0) == 0 ? "" : kGeneral;
  if (ctx) out += ctx->preamble;
  out += (array_table ? "[[" : "[") + table + (array_table ? "]]\n" : "]\n");
  if (ctx) {
    for (const auto& [k, v] : ctx->required) {
      if (k != key) out += "  " + k + " = " + v + "\n";
    }
  }
  if (path.size() > 15 && path.compare(path.size() - 15, 15, ".iqdisc.workers") == 0) {
    out += "  " + key.substr(0, key.size() - 7) + "type = \"queues\"\n";
  }
  if (!value.empty()) out += "  " + key + " = " + value + "\n";
  return out;
}

using ConfigEveryOption = ConfigTest;

TEST_F(ConfigEveryOption, AcceptsOneValueAndRejectsAnother) {
  std::size_t tested = 0;
  std::vector<std::string> skipped;
  for (const auto& row : config_reference()) {
    if (row.path.rfind("modules.", 0) == 0 && row.path.find("iqdisc") != std::string::npos &&
        row.path.find("iqdisc.") == std::string::npos) {
      continue;
    }
    if (covered_elsewhere(row.path)) continue;
    // host_config's auth, modules, s2s and outgoing_pools are the top-level schemas again.
    if (std::regex_search(row.path,
                          std::regex(R"(^host_config\[\]\.(auth|modules|s2s|outgoing_pools)\.)"))) {
      continue;
    }
    auto values = values_for(row.type);
    auto it = overrides().find(row.path);
    if (it != overrides().end()) values = it->second;
    if (!values) continue;  // tables and custom types have their own tests
    if (row.path.find("handlers.") != std::string::npos &&
        row.path.compare(row.path.size() - 5, 5, ".path") == 0) {
      values = {"\"/x\"", "\"x\""};
    }
    auto good = config_for(row.path, values->first);
    if (good.empty()) {
      // Tables nested in host_config arrays reuse the top-level schemas tested here.
      if (row.path.rfind("host_config[]", 0) != 0) skipped.push_back(row.path);
      continue;
    }
    ++tested;
    if (!values->first.empty()) {
      auto result = load(good);
      EXPECT_TRUE(result) << row.path << " = " << values->first << " was refused:\n"
                          << (result ? "" : result.error().what()) << "\n--- config ---\n"
                          << good;
    }
    if (values->second.empty()) continue;
    auto bad = config_for(row.path, values->second);
    auto all = errors(bad);
    auto prefix = "meerkat.toml:";
    bool found = false;
    std::string want = row.path;
    for (std::size_t at; (at = want.find("[]")) != std::string::npos;) want.replace(at, 2, "[1]");
    for (std::size_t at; (at = want.find("<name>")) != std::string::npos;) {
      want.replace(at, 6, "default");
    }
    for (const auto& e : all) {
      if (e.rfind(prefix, 0) == 0 && e.find(": " + want) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << row.path << " = " << values->second << " was not refused at " << want
                       << "; errors:\n"
                       <<
        [&] {
          std::string s;
          for (const auto& e : all) s += e + "\n";
          return s;
        }() << "--- config ---\n"
                       << bad;
  }
  EXPECT_GT(tested, 300u);
  for (const auto& s : skipped) ADD_FAILURE() << "no context for " << s;
}

TEST_F(ConfigEveryOption, EveryModuleLoadsWithDefaults) {
  for (const auto& m : modules::known_modules()) {
    std::string text = std::string(kGeneral) + "[modules." + m.name + "]\n";
    if (m.name == "mod_global_distrib") {
      text += "  global_host = \"g.com\"\n  local_host = \"l.com\"\n";
    }
    if (m.name == "mod_external_filter") text += "  pool_tag = \"p\"\n";
    if (m.name == "mod_http_upload") {
      text +=
          "  s3.bucket_url = \"https://b\"\n  s3.region = \"r\"\n"
          "  s3.access_key_id = \"a\"\n  s3.secret_access_key = \"s\"\n";
    }
    auto c = ok(text);
    EXPECT_EQ(c.modules.enabled, std::vector<std::string>{m.name});
  }
}

}  // namespace
}  // namespace meerkat::config::testing
