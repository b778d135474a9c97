// SPDX-License-Identifier: Apache-2.0
// MongooseIM configuration/outgoing-connections.md.
#include "config/pool_schema.hpp"

#include "config/s2s_schema.hpp"
#include "config/schema.hpp"

namespace meerkat::config {

namespace {

Section<PoolCommon> pool_common(bool with_scope, bool elastic) {
  Section<PoolCommon> s;
  if (with_scope) {
    s.option("scope", &PoolCommon::scope,
             one_of({{"global", PoolScope::kGlobal}, {"host_type", PoolScope::kHostType}}),
             "One pool for the server, or one per host type.");
  }
  if (!elastic) {
    s.option("strategy", &PoolCommon::strategy,
             one_of({{"best_worker", PoolStrategy::kBestWorker},
                     {"random_worker", PoolStrategy::kRandomWorker},
                     {"next_worker", PoolStrategy::kNextWorker},
                     {"available_worker", PoolStrategy::kAvailableWorker},
                     {"next_available_worker", PoolStrategy::kNextAvailableWorker}}),
             "How a request picks its worker.");
  }
  s.option("workers", &PoolCommon::workers, positive(), "Connections in the pool.");
  if (!elastic) {
    s.option("call_timeout", &PoolCommon::call_timeout, positive(),
             "Milliseconds a request may wait for the pool.")
        .option("max_worker_queue_len", &PoolCommon::max_worker_queue_len, non_negative(),
                "Most requests queued per worker (best_worker only); unset: no limit.")
        .cross_check({"strategy", "max_worker_queue_len"}, [](PoolCommon& p, SectionCheck& c) {
          if (p.max_worker_queue_len && p.strategy != PoolStrategy::kBestWorker) {
            c.error("max_worker_queue_len", "only valid with strategy = \"best_worker\"");
          }
        });
  }
  return s;
}

template <class P, class C>
Spec<std::map<std::string, P>> pools(bool with_scope, Section<C> connection,
                                     const char* connection_doc, bool elastic = false) {
  return map_of(Section<P>{}
                    .merge(&P::common, pool_common(with_scope, elastic))
                    .section("connection", &P::connection, connection, connection_doc)
                    .spec(),
                {non_empty()});
}

Section<RdbmsConnection> rdbms_connection() {
  return Section<RdbmsConnection>{}
      .option("driver", &RdbmsConnection::driver,
              one_of({{"pgsql", RdbmsDriver::kPgsql},
                      {"mysql", RdbmsDriver::kMysql},
                      {"cockroachdb", RdbmsDriver::kCockroachdb}}),
              "Database kind.")
      .required()
      .option("keepalive_interval", &RdbmsConnection::keepalive_interval, positive(),
              "Seconds between keep-alive queries; unset: none.")
      .option("query_timeout", &RdbmsConnection::query_timeout, positive(),
              "Milliseconds a query may take.")
      .option("max_start_interval", &RdbmsConnection::max_start_interval, positive(),
              "Longest wait, in seconds, between reconnection attempts.")
      .option("host", &RdbmsConnection::host, non_empty(), "Database host.")
      .required()
      .option("port", &RdbmsConnection::port, port(),
              "Database port; unset: 5432 (pgsql), 3306 (mysql), 26257 (cockroachdb).")
      .option("database", &RdbmsConnection::database, non_empty(), "Database name.")
      .required()
      .option("username", &RdbmsConnection::username, non_empty(), "Database user.")
      .required()
      .option("password", &RdbmsConnection::password, "Database password.")
      .required()
      .section("tls", &RdbmsConnection::tls, client_tls_schema(false, true),
               "TLS to the database; present: enabled.")
      .cross_check({"driver", "tls"}, [](RdbmsConnection& r, SectionCheck& c) {
        if (r.driver == RdbmsDriver::kMysql && r.tls && r.tls->required) {
          c.error_at("tls.required", "only valid with driver \"pgsql\" or \"cockroachdb\"");
        }
      });
}

Section<HttpConnection> http_connection() {
  return Section<HttpConnection>{}
      .option("host", &HttpConnection::host, url(), "Base URL: http[s]://host[:port].")
      .required()
      .option("path_prefix", &HttpConnection::path_prefix, non_empty(),
              "Path put before every request's path.")
      .option("request_timeout", &HttpConnection::request_timeout, positive(),
              "Milliseconds a request may take.")
      .section("tls", &HttpConnection::tls, client_tls_schema(false, false),
               "TLS options for https.");
}

Section<RedisConnection> redis_connection() {
  return Section<RedisConnection>{}
      .option("host", &RedisConnection::host, non_empty(), "Redis host.")
      .option("port", &RedisConnection::port, port(), "Redis port.")
      .option("database", &RedisConnection::database, non_negative(), "Database index.")
      .option("username", &RedisConnection::username, non_empty(), "Redis ACL user.")
      .option("password", &RedisConnection::password, "Redis password.")
      .section("tls", &RedisConnection::tls, client_tls_schema(false, false),
               "TLS to Redis; present: enabled.");
}

Section<CassandraConnection> cassandra_connection() {
  return Section<CassandraConnection>{}
      .value("servers", &CassandraConnection::servers,
             list_of(Section<CassandraServer>{}
                         .option("host", &CassandraServer::host, non_empty(), "Node host.")
                         .required()
                         .option("port", &CassandraServer::port, port(), "Node port.")
                         .spec()),
             "Cluster nodes.")
      .option("keyspace", &CassandraConnection::keyspace, non_empty(), "Keyspace.")
      .section("auth", &CassandraConnection::auth,
               Section<CassandraAuth>{}.section(
                   "plain", &CassandraAuth::plain,
                   Section<CassandraPlainAuth>{}
                       .option("username", &CassandraPlainAuth::username, non_empty(), "User.")
                       .required()
                       .option("password", &CassandraPlainAuth::password, "Password.")
                       .required(),
                   "Plain-text authentication."),
               "Authentication.")
      .section("tls", &CassandraConnection::tls, client_tls_schema(false, false),
               "TLS to Cassandra; present: enabled.");
}

Section<RabbitConnection> rabbit_connection() {
  return Section<RabbitConnection>{}
      .option("host", &RabbitConnection::host, non_empty(), "Broker host.")
      .option("port", &RabbitConnection::port, port(), "Broker port.")
      .option("username", &RabbitConnection::username, non_empty(), "User.")
      .option("password", &RabbitConnection::password, "Password.")
      .option("virtual_host", &RabbitConnection::virtual_host, non_empty(),
              "Virtual host; it must exist.")
      .option("confirms_enabled", &RabbitConnection::confirms_enabled,
              "Wait for publisher confirms.")
      .section("reconnect", &RabbitConnection::reconnect,
               Section<RabbitReconnect>{}
                   .option("attempts", &RabbitReconnect::attempts, non_negative(),
                           "Reconnection attempts before the worker restarts.")
                   .option("delay", &RabbitReconnect::delay, non_negative(),
                           "Milliseconds between attempts."),
               "Reconnection after a failure.")
      .section("tls", &RabbitConnection::tls, client_tls_schema(false, false),
               "TLS to the broker; present: enabled.");
}

Section<LdapConnection> ldap_connection() {
  return Section<LdapConnection>{}
      .option("servers", &LdapConnection::servers, non_empty(), "LDAP hosts.")
      .option("port", &LdapConnection::port, port(), "Port; unset: 389, or 636 with TLS.")
      .option("root_dn", &LdapConnection::root_dn, "DN to bind as; empty: anonymous.")
      .option("password", &LdapConnection::password, "Password of root_dn.")
      .option("connect_interval", &LdapConnection::connect_interval, positive(),
              "Milliseconds between reconnection attempts.")
      .section("tls", &LdapConnection::tls, client_tls_schema(false, false),
               "TLS to LDAP; present: enabled.");
}

}  // namespace

Section<OutgoingPoolsOptions> pools_schema(bool with_scope) {
  return Section<OutgoingPoolsOptions>{}
      .value("rdbms", &OutgoingPoolsOptions::rdbms,
             pools<RdbmsPool>(with_scope, rdbms_connection(), "Database connection."),
             "SQL database pools.")
      .value("redis", &OutgoingPoolsOptions::redis,
             pools<RedisPool>(with_scope, redis_connection(), "Redis connection."), "Redis pools.")
      .validated_only()
      .value("ldap", &OutgoingPoolsOptions::ldap,
             pools<LdapPool>(with_scope, ldap_connection(), "LDAP connection."), "LDAP pools.")
      .validated_only()
      .value("cassandra", &OutgoingPoolsOptions::cassandra,
             pools<CassandraPool>(with_scope, cassandra_connection(), "Cassandra connection."),
             "Cassandra pools.")
      .validated_only()
      .value("elastic", &OutgoingPoolsOptions::elastic,
             pools<ElasticPool>(
                 with_scope,
                 Section<ElasticConnection>{}
                     .option("host", &ElasticConnection::host, non_empty(), "Elasticsearch host.")
                     .option("port", &ElasticConnection::port, port(), "Elasticsearch port."),
                 "Elasticsearch connection.", true),
             "Elasticsearch pools (only the tag \"default\").")
      .validated_only()
      .check(
          [](const std::map<std::string, ElasticPool>& m) {
            return m.empty() || (m.size() == 1 && m.count("default") == 1);
          },
          "only a pool tagged \"default\"")
      .value("http", &OutgoingPoolsOptions::http,
             pools<HttpPool>(with_scope, http_connection(), "HTTP connection."), "HTTP pools.")
      .validated_only()
      .value("rabbit", &OutgoingPoolsOptions::rabbit,
             pools<RabbitPool>(with_scope, rabbit_connection(), "RabbitMQ connection."),
             "RabbitMQ pools.")
      .validated_only()
      .cross_check({"redis"}, [](OutgoingPoolsOptions& o, SectionCheck& c) {
        for (const auto& [tag, pool] : o.redis) {
          if (pool.common.strategy == PoolStrategy::kAvailableWorker) {
            c.error_at("redis." + tag + ".strategy",
                       "\"available_worker\" does not work with redis pools");
          }
        }
      });
}

}  // namespace meerkat::config
