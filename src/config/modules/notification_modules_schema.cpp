// SPDX-License-Identifier: Apache-2.0
// Schemas of mod_event_pusher, mod_push_service_mongoosepush, mod_global_distrib,
// mod_shared_roster_ldap, mod_blocklist, mod_broadcast and mod_external_filter (MongooseIM
// modules/*.md). Grouped in one translation unit for compile time.
#include "config/modules/event_pusher_options.hpp"
#include "config/modules/global_distrib_options.hpp"
#include "config/modules/shared_roster_ldap_options.hpp"
#include "config/schema.hpp"

namespace meerkat::config::modules {

namespace {

Section<PoolCommon> wpool_schema() {
  return Section<PoolCommon>{}
      .option("strategy", &PoolCommon::strategy,
              one_of({{"best_worker", PoolStrategy::kBestWorker},
                      {"random_worker", PoolStrategy::kRandomWorker},
                      {"next_worker", PoolStrategy::kNextWorker},
                      {"available_worker", PoolStrategy::kAvailableWorker},
                      {"next_available_worker", PoolStrategy::kNextAvailableWorker}}),
              "How a request picks its worker.")
      .option("workers", &PoolCommon::workers, positive(), "Workers.")
      .option("call_timeout", &PoolCommon::call_timeout, positive(),
              "Milliseconds a request may wait.")
      .option("max_worker_queue_len", &PoolCommon::max_worker_queue_len, non_negative(),
              "Most queued requests per worker; unset: no limit.");
}

Section<RabbitExchange> exchange_schema(bool with_topics) {
  Section<RabbitExchange> s;
  s.option("name", &RabbitExchange::name, non_empty(), "Exchange name.")
      .option("type", &RabbitExchange::type, non_empty(), "Exchange type.")
      .option("durable", &RabbitExchange::durable, "Survive broker restarts.");
  if (with_topics) {
    s.option("sent_topic", &RabbitExchange::sent_topic, non_empty(),
             "Routing key of sent messages.")
        .option("recv_topic", &RabbitExchange::recv_topic, non_empty(),
                "Routing key of received messages.");
  }
  return s;
}

}  // namespace

Section<EventPusherOptions> event_pusher_schema() {
  auto required_text = [](Section<SnsBackendOptions>& s, const char* key,
                          std::string SnsBackendOptions::*m,
                          const char* doc) { s.option(key, m, non_empty(), doc).required(); };
  Section<SnsBackendOptions> sns;
  sns.option("presence_updates_topic", &SnsBackendOptions::presence_updates_topic, non_empty(),
             "SNS topic of presence changes.")
      .option("pm_messages_topic", &SnsBackendOptions::pm_messages_topic, non_empty(),
              "SNS topic of one-to-one messages.")
      .option("muc_messages_topic", &SnsBackendOptions::muc_messages_topic, non_empty(),
              "SNS topic of group chat messages.")
      .option("plugin_module", &SnsBackendOptions::plugin_module, non_empty(),
              "Module choosing and shaping events.");
  required_text(sns, "sns_host", &SnsBackendOptions::sns_host, "SNS endpoint host.");
  required_text(sns, "region", &SnsBackendOptions::region, "AWS region.");
  required_text(sns, "access_key_id", &SnsBackendOptions::access_key_id, "AWS access key id.");
  required_text(sns, "secret_access_key", &SnsBackendOptions::secret_access_key, "AWS secret key.");
  required_text(sns, "account_id", &SnsBackendOptions::account_id, "AWS account id.");
  sns.option("pool_size", &SnsBackendOptions::pool_size, positive(), "Publishing workers.")
      .option("publish_retry_count", &SnsBackendOptions::publish_retry_count, non_negative(),
              "Retries of a failed publish.")
      .option("publish_retry_time_ms", &SnsBackendOptions::publish_retry_time_ms, non_negative(),
              "Base milliseconds between retries.");

  return Section<EventPusherOptions>{}
      .section("push", &EventPusherOptions::push,
               Section<PushBackendOptions>{}
                   .section("iqdisc", &PushBackendOptions::iqdisc, iqdisc_schema(),
                            "How IQ handlers are scheduled (accepted for compatibility).")
                   .option("backend", &PushBackendOptions::backend,
                           one_of({{"mnesia", Backend::kMnesia}, {"rdbms", Backend::kRdbms}}),
                           "Storage of push registrations.")
                   .section("wpool", &PushBackendOptions::wpool, wpool_schema(),
                            "Workers sending notifications (Meerkat sends without a pool).")
                   .validated_only()
                   .option("plugin_module", &PushBackendOptions::plugin_module, non_empty(),
                           "Module choosing and shaping notifications.")
                   .option("virtual_pubsub_hosts", &PushBackendOptions::virtual_pubsub_hosts,
                           "Pubsub domains served without a pubsub service."),
               "XEP-0357 push notifications.")
      .section("http", &EventPusherOptions::http,
               Section<HttpBackendOptions>{}.value(
                   "handlers", &HttpBackendOptions::handlers,
                   list_of(Section<HttpPushHandler>{}
                               .option("pool_name", &HttpPushHandler::pool_name, non_empty(),
                                       "HTTP pool to send through.")
                               .option("path", &HttpPushHandler::path, "Request path.")
                               .option("callback_module", &HttpPushHandler::callback_module,
                                       non_empty(), "Module choosing and shaping events.")
                               .spec()),
                   "HTTP endpoints events are posted to."),
               "Events posted over HTTP.")
      .validated_only()
      .section("sns", &EventPusherOptions::sns, sns, "Events published to Amazon SNS.")
      .validated_only()
      .section("rabbit", &EventPusherOptions::rabbit,
               Section<RabbitBackendOptions>{}
                   .section("presence_exchange", &RabbitBackendOptions::presence_exchange,
                            exchange_schema(false), "Exchange of presence changes.")
                   .section("chat_msg_exchange", &RabbitBackendOptions::chat_msg_exchange,
                            exchange_schema(true), "Exchange of one-to-one messages.")
                   .section("groupchat_msg_exchange", &RabbitBackendOptions::groupchat_msg_exchange,
                            exchange_schema(true), "Exchange of group chat messages."),
               "Events published to RabbitMQ (pool tagged event_pusher).")
      .validated_only();
}

Section<PushServiceMongoosepushOptions> push_service_mongoosepush_schema() {
  using P = PushServiceMongoosepushOptions;
  return Section<P>{}
      .option("pool_name", &P::pool_name, non_empty(), "HTTP pool of the MongoosePush service.")
      .option("api_version", &P::api_version, one_of({"v2", "v3"}), "MongoosePush API version.")
      .option("max_http_connections", &P::max_http_connections, non_negative(),
              "Most concurrent requests.");
}

Section<GlobalDistribOptions> global_distrib_schema() {
  auto endpoints = list_of(Section<GdEndpoint>{}
                               .option("host", &GdEndpoint::host, non_empty(), "Host.")
                               .required()
                               .option("port", &GdEndpoint::port, port(), "Port.")
                               .required()
                               .spec());
  auto connections =
      Section<GdConnections>{}
          .value("endpoints", &GdConnections::endpoints, endpoints,
                 "Addresses this node listens on for other data centres.")
          .value("advertised_endpoints", &GdConnections::advertised_endpoints,
                 custom_spec<std::optional<std::vector<GdEndpoint>>>(
                     "array of tables",
                     [endpoints](const RawNode& raw, std::optional<std::vector<GdEndpoint>>& v,
                                 LoadContext& ctx) {
                       std::vector<GdEndpoint> list;
                       endpoints.node.load(endpoints.node, raw, &list, ctx);
                       v = std::move(list);
                     }),
                 "Addresses other data centres should use; unset: endpoints.")
          .option("connections_per_endpoint", &GdConnections::connections_per_endpoint,
                  non_negative(), "Connections to each remote endpoint.")
          .option("endpoint_refresh_interval", &GdConnections::endpoint_refresh_interval,
                  positive(), "Seconds between endpoint refreshes.")
          .option("endpoint_refresh_interval_when_empty",
                  &GdConnections::endpoint_refresh_interval_when_empty, positive(),
                  "Seconds between refreshes while no endpoint is known.")
          .option("disabled_gc_interval", &GdConnections::disabled_gc_interval, positive(),
                  "Seconds between cleanups of disabled endpoints.")
          .section(
              "tls", &GdConnections::tls,
              Section<GdTls>{}
                  .option("certfile", &GdTls::certfile, file_readable(), "Certificate.")
                  .required()
                  .option("cacertfile", &GdTls::cacertfile, file_readable(), "CA certificates.")
                  .required()
                  .option("keyfile", &GdTls::keyfile, file_readable(), "Private key.")
                  .option("ciphers", &GdTls::ciphers, non_empty(), "OpenSSL cipher list.")
                  .option("dhfile", &GdTls::dhfile, file_readable(), "DH parameters."),
              "TLS between data centres; present: enabled.");
  return Section<GlobalDistribOptions>{}
      .option("global_host", &GlobalDistribOptions::global_host, domain(),
              "The domain shared by all data centres.")
      .required()
      .option("local_host", &GlobalDistribOptions::local_host, domain(),
              "This data centre's own domain.")
      .required()
      .option("message_ttl", &GlobalDistribOptions::message_ttl, non_negative(),
              "Hops a message may make between data centres.")
      .option("hosts_refresh_interval", &GlobalDistribOptions::hosts_refresh_interval,
              non_negative(), "Milliseconds between refreshes of the data centre list.")
      .section("connections", &GlobalDistribOptions::connections, connections,
               "Links between data centres.")
      .section("redis", &GlobalDistribOptions::redis,
               Section<GdRedis>{}
                   .option("pool", &GdRedis::pool, non_empty(), "Redis pool tag.")
                   .option("expire_after", &GdRedis::expire_after, positive(),
                           "Seconds before a session entry expires.")
                   .option("refresh_after", &GdRedis::refresh_after, non_negative(),
                           "Seconds between entry refreshes."),
               "Shared session mapping.")
      .section(
          "cache", &GlobalDistribOptions::cache,
          Section<GdCache>{}
              .option("cache_missed", &GdCache::cache_missed, "Cache failed lookups too.")
              .option("domain_lifetime_seconds", &GdCache::domain_lifetime_seconds, non_negative(),
                      "Seconds a domain mapping is cached.")
              .option("jid_lifetime_seconds", &GdCache::jid_lifetime_seconds, non_negative(),
                      "Seconds a JID mapping is cached.")
              .option("max_jids", &GdCache::max_jids, non_negative(), "Most cached JID mappings."),
          "Lookup cache.")
      .section("bounce", &GlobalDistribOptions::bounce,
               Section<GdBounce>{}
                   .option("enabled", &GdBounce::enabled, "Resend messages that bounce.")
                   .option("resend_after_ms", &GdBounce::resend_after_ms, non_negative(),
                           "Milliseconds before a resend.")
                   .option("max_retries", &GdBounce::max_retries, non_negative(),
                           "Resends before giving up."),
               "Resending of messages that arrive at the wrong data centre.");
}

Section<SharedRosterLdapOptions> shared_roster_ldap_schema() {
  using S = SharedRosterLdapOptions;
  Section<S> s;
  s.option("pool_tag", &S::pool_tag, non_empty(), "LDAP pool tag.")
      .option("base", &S::base, non_empty(), "Base DN of searches.")
      .option("deref", &S::deref,
              one_of({{"never", LdapDeref::kNever},
                      {"always", LdapDeref::kAlways},
                      {"finding", LdapDeref::kFinding},
                      {"searching", LdapDeref::kSearching}}),
              "When aliases are dereferenced.");
  auto text = [&s](const char* key, std::string S::*m, const char* doc) { s.option(key, m, doc); };
  text("groupattr", &S::groupattr, "Attribute holding a group's name.");
  s.option("groupdesc", &S::groupdesc, "Attribute holding a group's description.");
  text("userdesc", &S::userdesc, "Attribute holding a user's display name.");
  text("useruid", &S::useruid, "Attribute holding a user's id.");
  text("memberattr", &S::memberattr, "Attribute listing a group's members.");
  text("memberattr_format", &S::memberattr_format, "Pattern of member values; %u is the user.");
  text("memberattr_format_re", &S::memberattr_format_re,
       "Regular expression extracting the user from member values.");
  s.option("auth_check", &S::auth_check, "Only list users that exist in auth.")
      .option("user_cache_validity", &S::user_cache_validity, positive(),
              "Seconds user entries are cached.")
      .option("group_cache_validity", &S::group_cache_validity, positive(),
              "Seconds group entries are cached.")
      .option("user_cache_size", &S::user_cache_size, positive(), "Most cached users.")
      .option("group_cache_size", &S::group_cache_size, positive(), "Most cached groups.");
  text("rfilter", &S::rfilter, "Filter for roster groups.");
  text("gfilter", &S::gfilter, "Filter for a group's details.");
  text("ufilter", &S::ufilter, "Filter for a user's details.");
  text("filter", &S::filter, "Filter added to every search.");
  return s;
}

Section<BlocklistOptions> blocklist_schema() {
  return Section<BlocklistOptions>{}.option("backend", &BlocklistOptions::backend,
                                            one_of({"rdbms"}), "Blocklist storage.");
}

Section<BroadcastOptions> broadcast_schema() {
  return Section<BroadcastOptions>{}
      .option("backend", &BroadcastOptions::backend, one_of({"rdbms"}), "Job storage.")
      .option("lease_time", &BroadcastOptions::lease_time, positive(),
              "Seconds a node holds a broadcast job.")
      .check([](const std::chrono::seconds& s) { return s.count() >= 10; },
             "an integer of at least 10");
}

Section<ExternalFilterOptions> external_filter_schema() {
  return Section<ExternalFilterOptions>{}
      .option("pool_tag", &ExternalFilterOptions::pool_tag, non_empty(),
              "HTTP pool of the filtering service.")
      .required();
}

}  // namespace meerkat::config::modules
