// SPDX-License-Identifier: Apache-2.0
#include "config/service_schema.hpp"

#include "config/general_schema.hpp"
#include "config/schema.hpp"

namespace meerkat::config {

Section<ServicesOptions> services_schema() {
  return Section<ServicesOptions>{}
      .section(
          "service_mongoose_system_metrics", &ServicesOptions::service_mongoose_system_metrics,
          Section<SystemMetricsService>{}
              .option("report", &SystemMetricsService::report,
                      "true: report, and acknowledge it; false: do not collect at all.")
              .option("initial_report", &SystemMetricsService::initial_report, non_negative(),
                      "Milliseconds from start to the first report.")
              .option("periodic_report", &SystemMetricsService::periodic_report, non_negative(),
                      "Milliseconds between reports.")
              .section(
                  "tracking_id", &SystemMetricsService::tracking_id,
                  Section<TrackingId>{}
                      .option("id", &TrackingId::id, non_empty(), "Analytics tracking id.")
                      .required()
                      .option("secret", &TrackingId::secret, non_empty(), "Analytics API secret.")
                      .required(),
                  "Where reports go."),
          "Anonymous usage statistics.")
      .validated_only()
      .section("service_domain_db", &ServicesOptions::service_domain_db,
               Section<DomainDbService>{}
                   // One node and one database: no pool to choose, no events between nodes.
                   .option("db_pool", &DomainDbService::db_pool, non_empty(),
                           "\"global\", or the host type whose default rdbms pool is used.")
                   .validated_only()
                   .option("event_cleaning_interval", &DomainDbService::event_cleaning_interval,
                           positive(), "Seconds between cleanups of the domain event table.")
                   .validated_only()
                   .option("event_max_age", &DomainDbService::event_max_age, positive(),
                           "Seconds after which a domain event is deleted.")
                   .validated_only(),
               "Dynamic domains kept in the database; needed by the domain API.")
      .section("service_bosh", &ServicesOptions::service_bosh,
               Section<BoshService>{}
                   .option("backend", &BoshService::backend,
                           one_of({{"mnesia", Backend::kMnesia}, {"cets", Backend::kCets}}),
                           "Where BOSH sessions are tracked.")
                   .validated_only()
                   .option("inactivity", &BoshService::inactivity, {positive(), or_infinity()},
                           "Seconds a BOSH session may go without a request.")
                   .option("max_wait", &BoshService::max_wait, {positive(), or_infinity()},
                           "Longest seconds a request is held open.")
                   .option("server_acks", &BoshService::server_acks,
                           "Acknowledge requests (XEP-0124 §9).")
                   .option("max_pause", &BoshService::max_pause, positive(),
                           "Longest pause, in seconds, a client may ask for.")
                   .option("host_types", &BoshService::host_types, non_empty(),
                           "Hosts or host types BOSH serves; unset: all.")
                   .validated_only(),
               "BOSH sessions (with a mongoose_bosh_handler listener).");
}

Section<InternalDatabasesOptions> internal_databases_schema() {
  return Section<InternalDatabasesOptions>{}
      .section("mnesia", &InternalDatabasesOptions::mnesia, Section<MnesiaDatabase>{},
               "MongooseIM's Erlang database; accepted for compatibility, nothing to set.")
      .validated_only()
      .section(
          "cets", &InternalDatabasesOptions::cets,
          Section<CetsDatabase>{}
              .option("backend", &CetsDatabase::backend,
                      one_of({{"rdbms", CetsDiscovery::kRdbms}, {"file", CetsDiscovery::kFile}}),
                      "How cluster nodes find each other.")
              .option("cluster_name", &CetsDatabase::cluster_name, non_empty(),
                      "Only nodes with the same name form a cluster (rdbms discovery).")
              .option("node_list_file", &CetsDatabase::node_list_file, file_readable(),
                      "File listing the nodes, one per line (file discovery).")
              .cross_check({"backend", "node_list_file"},
                           [](CetsDatabase& c, SectionCheck& check) {
                             if (c.backend == CetsDiscovery::kFile && !c.node_list_file) {
                               check.error("node_list_file",
                                           "required option missing (backend is \"file\")");
                             }
                           }),
          "Cluster membership tables.")
      .validated_only();
}

Section<InstrumentationOptions> instrumentation_schema() {
  auto graphite = Section<GraphiteReporter>{}
                      .option("interval", &GraphiteReporter::interval, positive(),
                              "Milliseconds between reports.")
                      .option("host", &GraphiteReporter::host, non_empty(), "Graphite host.")
                      .required()
                      .option("port", &GraphiteReporter::port, port(), "Graphite port.")
                      .option("connect_timeout", &GraphiteReporter::connect_timeout, positive(),
                              "Milliseconds allowed for connecting.")
                      .option("api_key", &GraphiteReporter::api_key, "Hosted Graphite key.")
                      .option("prefix", &GraphiteReporter::prefix, "Prefix of metric names.")
                      .option("env_prefix", &GraphiteReporter::env_prefix, non_empty(),
                              "Environment variable holding the prefix.");
  return Section<InstrumentationOptions>{}
      .option("probe_interval", &InstrumentationOptions::probe_interval, positive(),
              "Seconds between samples of periodic metrics.")
      .section("prometheus", &InstrumentationOptions::prometheus,
               Section<PrometheusInstrumentation>{}, "Keep metrics for the Prometheus handler.")
      .section("exometer", &InstrumentationOptions::exometer,
               Section<ExometerOptions>{}
                   .option("all_metrics_are_global", &ExometerOptions::all_metrics_are_global,
                           "Report every metric for the whole node.")
                   .section("report", &ExometerOptions::report,
                            Section<ExometerReport>{}.list("graphite", &ExometerReport::graphite,
                                                           graphite, "Graphite reporters."),
                            "Where metrics are pushed."),
               "Push metrics to Graphite.")
      .validated_only()
      .section("log", &InstrumentationOptions::log,
               Section<LogInstrumentation>{}.option("level", &LogInstrumentation::level,
                                                    log_level_choice(false),
                                                    "Level of instrumentation events in the log."),
               "Log instrumentation events.")
      .validated_only();
}

}  // namespace meerkat::config
