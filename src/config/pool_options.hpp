// SPDX-License-Identifier: Apache-2.0
// Typed options of `outgoing_pools` (MongooseIM outgoing-connections.md): connections to
// databases and services, one [outgoing_pools.TYPE.TAG] table per pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/s2s_options.hpp"

namespace meerkat::config {

enum class PoolScope { kGlobal, kHostType };
enum class PoolStrategy {
  kBestWorker,
  kRandomWorker,
  kNextWorker,
  kAvailableWorker,
  kNextAvailableWorker,
};

struct PoolCommon {
  PoolCommon() = default;
  PoolCommon(int default_workers, std::chrono::milliseconds default_call_timeout)
      : workers(default_workers), call_timeout(default_call_timeout) {}

  PoolScope scope = PoolScope::kGlobal;
  PoolStrategy strategy = PoolStrategy::kBestWorker;
  int workers = 10;
  std::chrono::milliseconds call_timeout{5000};
  std::optional<std::uint64_t> max_worker_queue_len;  // best_worker only
};

enum class RdbmsDriver { kPgsql, kMysql, kCockroachdb };

struct RdbmsConnection {
  RdbmsDriver driver = RdbmsDriver::kPgsql;  // required
  std::optional<std::chrono::seconds> keepalive_interval;
  std::chrono::milliseconds query_timeout{5000};
  std::chrono::seconds max_start_interval{30};
  std::string host;                   // required
  std::optional<std::uint16_t> port;  // unset: the driver's port (5432, 3306, 26257)
  std::string database;               // required
  std::string username;               // required
  std::string password;               // required
  std::optional<ClientTlsOptions> tls;
};
struct RdbmsPool {
  PoolCommon common{10, std::chrono::milliseconds{60000}};
  RdbmsConnection connection;
};

struct HttpConnection {
  std::string host;  // required, "http[s]://host[:port]"
  std::string path_prefix = "/";
  std::chrono::milliseconds request_timeout{2000};
  std::optional<ClientTlsOptions> tls;
};
struct HttpPool {
  PoolCommon common;
  HttpConnection connection;
};

struct RedisConnection {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  int database = 0;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<ClientTlsOptions> tls;
};
struct RedisPool {
  PoolCommon common;
  RedisConnection connection;
};

struct CassandraServer {
  std::string host;
  std::uint16_t port = 9042;
};
struct CassandraPlainAuth {
  std::string username;
  std::string password;
};
struct CassandraAuth {
  std::optional<CassandraPlainAuth> plain;
};
struct CassandraConnection {
  std::vector<CassandraServer> servers{CassandraServer{"localhost", 9042}};
  std::string keyspace = "mongooseim";
  CassandraAuth auth;
  std::optional<ClientTlsOptions> tls;
};
struct CassandraPool {
  PoolCommon common{20, std::chrono::milliseconds{5000}};
  CassandraConnection connection;
};

struct ElasticConnection {
  std::string host = "localhost";
  std::uint16_t port = 9200;
};
// Elasticsearch pools take only `scope` and `workers` of the common options.
struct ElasticPool {
  PoolCommon common;
  ElasticConnection connection;
};

struct RabbitReconnect {
  int attempts = 0;
  std::chrono::milliseconds delay{2000};
};
struct RabbitConnection {
  std::string host = "localhost";
  std::uint16_t port = 5672;
  std::string username = "guest";
  std::string password = "guest";
  std::string virtual_host = "/";
  bool confirms_enabled = false;
  RabbitReconnect reconnect;
  std::optional<ClientTlsOptions> tls;
};
struct RabbitPool {
  PoolCommon common;
  RabbitConnection connection;
};

struct LdapConnection {
  std::vector<std::string> servers{"localhost"};
  std::optional<std::uint16_t> port;  // unset: 389, or 636 with TLS
  std::string root_dn;
  std::string password;
  std::chrono::milliseconds connect_interval{10000};
  std::optional<ClientTlsOptions> tls;
};
struct LdapPool {
  PoolCommon common;
  LdapConnection connection;
};

// Pools by type, then by tag.
struct OutgoingPoolsOptions {
  std::map<std::string, RdbmsPool> rdbms;
  std::map<std::string, RedisPool> redis;
  std::map<std::string, LdapPool> ldap;
  std::map<std::string, CassandraPool> cassandra;
  std::map<std::string, ElasticPool> elastic;
  std::map<std::string, HttpPool> http;
  std::map<std::string, RabbitPool> rabbit;
};

}  // namespace meerkat::config
