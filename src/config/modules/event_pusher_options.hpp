// SPDX-License-Identifier: Apache-2.0
// mod_event_pusher: event notifications through its push (XEP-0357), http, sns and rabbit
// backends, and mod_push_service_mongoosepush (MongooseIM modules/mod_event_pusher*.md,
// mod_push_service_mongoosepush.md).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"
#include "config/pool_options.hpp"

namespace meerkat::config::modules {

struct PushBackendOptions {
  IqDisc iqdisc;
  Backend backend = Backend::kMnesia;
  PoolCommon wpool = available_worker_pool();
  std::string plugin_module = "mod_event_pusher_push_plugin_defaults";
  std::vector<std::string> virtual_pubsub_hosts;

  static PoolCommon available_worker_pool() {
    PoolCommon p;
    p.strategy = PoolStrategy::kAvailableWorker;
    return p;
  }
};

struct HttpPushHandler {
  std::string pool_name = "http_pool";
  std::string path;
  std::string callback_module = "mod_event_pusher_http_defaults";
};

struct HttpBackendOptions {
  std::vector<HttpPushHandler> handlers;
};

struct SnsBackendOptions {
  std::optional<std::string> presence_updates_topic;
  std::optional<std::string> pm_messages_topic;
  std::optional<std::string> muc_messages_topic;
  std::string plugin_module = "mod_event_pusher_sns_defaults";
  std::string sns_host;           // required
  std::string region;             // required
  std::string access_key_id;      // required
  std::string secret_access_key;  // required
  std::string account_id;         // required
  int pool_size = 100;
  int publish_retry_count = 2;
  std::chrono::milliseconds publish_retry_time_ms{50};
};

struct RabbitExchange {
  std::string name;
  std::string type = "topic";
  bool durable = false;
  std::string sent_topic;
  std::string recv_topic;
};

struct RabbitBackendOptions {
  RabbitExchange presence_exchange{"presence", "topic", false, "", ""};
  RabbitExchange chat_msg_exchange{"chat_msg", "topic", false, "chat_msg_sent", "chat_msg_recv"};
  RabbitExchange groupchat_msg_exchange{"groupchat_msg", "topic", false, "groupchat_msg_sent",
                                        "groupchat_msg_recv"};
};

struct EventPusherOptions {
  static constexpr const char* kName = "mod_event_pusher";
  std::optional<PushBackendOptions> push;
  std::optional<HttpBackendOptions> http;
  std::optional<SnsBackendOptions> sns;
  std::optional<RabbitBackendOptions> rabbit;
};

struct PushServiceMongoosepushOptions {
  static constexpr const char* kName = "mod_push_service_mongoosepush";
  std::string pool_name = "undefined";
  std::string api_version = "v3";
  int max_http_connections = 100;
};

Section<EventPusherOptions> event_pusher_schema();
Section<PushServiceMongoosepushOptions> push_service_mongoosepush_schema();

}  // namespace meerkat::config::modules
