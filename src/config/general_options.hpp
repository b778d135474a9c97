// SPDX-License-Identifier: Apache-2.0
// Typed options of the `general` section (MongooseIM configuration/general.md); filled by
// general_schema.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace meerkat::config {

enum class LogLevel {
  kNone,
  kEmergency,
  kAlert,
  kCritical,
  kError,
  kWarning,
  kNotice,
  kInfo,
  kDebug,
  kAll,
};

// Storage choices named by MongooseIM options; each option accepts its own subset.
enum class Backend {
  kMnesia,
  kCets,
  kRedis,
  kRdbms,
  kElastic,
  kCassandra,
  kLdap,
  kMemory,
  kRdbmsAsync,
};

struct DomainCertfile {
  std::string domain;
  std::string certfile;
};

// [general.mongooseimctl_access_commands.RULE]: which ctl commands an access rule allows.
struct CtlAccessRule {
  std::vector<std::string> commands{"all"};
  std::map<std::string, std::string> argument_restrictions;
};

struct GeneralOptions {
  LogLevel loglevel = LogLevel::kWarning;
  std::vector<std::string> hosts;       // static XMPP domains, nameprep'd
  std::vector<std::string> host_types;  // groups of dynamic domains
  std::string default_server_domain;    // required; one of hosts
  std::string language = "en";
  std::optional<std::chrono::seconds> registration_timeout =
      std::chrono::seconds{600};  // infinity: no limit
  bool hide_service_name = false;
  Backend sm_backend = Backend::kMnesia;
  std::chrono::milliseconds replaced_wait_timeout{2000};
  Backend s2s_backend = Backend::kMnesia;
  Backend component_backend = Backend::kMnesia;
  std::optional<std::string> route_subdomains;  // only "s2s"
  std::vector<std::string> routing_modules{"mongoose_router_global",
                                           "mongoose_router_localdomain",
                                           "mongoose_router_external_localnode",
                                           "mongoose_router_external",
                                           "mongoose_router_dynamic_domains",
                                           "ejabberd_s2s"};
  std::string http_server_name = "Cowboy";
  std::optional<std::uint64_t> max_fsm_queue;  // unset: outbound queues are unbounded
  bool all_metrics_are_global = false;
  std::optional<std::string> rdbms_server_type;  // "mssql" or "pgsql"
  std::map<std::string, CtlAccessRule> mongooseimctl_access_commands;
  std::vector<DomainCertfile> domain_certfile;
};

}  // namespace meerkat::config
