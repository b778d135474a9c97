// SPDX-License-Identifier: Apache-2.0
// Typed options of `services` (MongooseIM Services.md), `internal_databases`
// (internal-databases.md) and `instrumentation` (instrumentation.md): server-wide facilities
// started once, not per host.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/general_options.hpp"

namespace meerkat::config {

struct TrackingId {
  std::string id;
  std::string secret;
};

struct SystemMetricsService {
  std::optional<bool> report;  // unset: report, and say so in the log
  std::chrono::milliseconds initial_report{300000};
  std::chrono::milliseconds periodic_report{108000000};
  std::optional<TrackingId> tracking_id;
};

struct DomainDbService {
  std::string db_pool = "global";
  std::chrono::seconds event_cleaning_interval{1800};
  std::chrono::seconds event_max_age{7200};
};

struct BoshService {
  Backend backend = Backend::kMnesia;
  std::optional<std::chrono::seconds> inactivity = std::chrono::seconds{30};  // nullopt: infinity
  std::optional<std::chrono::seconds> max_wait;                               // nullopt: infinity
  bool server_acks = false;
  std::chrono::seconds max_pause{120};
  std::optional<std::vector<std::string>> host_types;  // unset: every host type
};

struct ServicesOptions {
  std::optional<SystemMetricsService> service_mongoose_system_metrics;
  std::optional<DomainDbService> service_domain_db;
  std::optional<BoshService> service_bosh;
};

struct MnesiaDatabase {};
enum class CetsDiscovery { kRdbms, kFile };
struct CetsDatabase {
  CetsDiscovery backend = CetsDiscovery::kRdbms;
  std::string cluster_name = "mongooseim";
  std::optional<std::string> node_list_file;  // required with backend = "file"
};
struct InternalDatabasesOptions {
  std::optional<MnesiaDatabase> mnesia;
  std::optional<CetsDatabase> cets;
};

struct GraphiteReporter {
  std::chrono::milliseconds interval{60000};
  std::string host;  // required
  std::uint16_t port = 2003;
  std::chrono::milliseconds connect_timeout{5000};
  std::string api_key;
  std::optional<std::string> prefix;
  std::optional<std::string> env_prefix;
};
struct ExometerReport {
  std::vector<GraphiteReporter> graphite;
};
struct ExometerOptions {
  bool all_metrics_are_global = false;
  ExometerReport report;
};
struct PrometheusInstrumentation {};
struct LogInstrumentation {
  LogLevel level = LogLevel::kDebug;
};
struct InstrumentationOptions {
  std::chrono::seconds probe_interval{15};
  std::optional<PrometheusInstrumentation> prometheus;
  std::optional<ExometerOptions> exometer;
  std::optional<LogInstrumentation> log;
};

}  // namespace meerkat::config
