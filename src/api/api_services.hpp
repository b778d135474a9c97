// SPDX-License-Identifier: Apache-2.0
// What the administration and client APIs (GraphQL, REST, meerkatctl through GraphQL) act on:
// the running server's parts. app/ builds it; the APIs never own any of it.
#pragma once

#include <chrono>
#include <string>

#include "auth/authenticator.hpp"
#include "config/config.hpp"
#include "net/spawn.hpp"
#include "router/router.hpp"
#include "storage/stores.hpp"

namespace meerkat::api {

// The server's own controls, implemented by app/.
class ServerControl {
 public:
  virtual ~ServerControl() = default;
  virtual std::chrono::seconds uptime() const = 0;
  virtual std::string version() const = 0;
  virtual config::LogLevel log_level() const = 0;
  virtual void set_log_level(config::LogLevel level) = 0;
  // Starts a graceful shutdown (as SIGTERM does); returns at once.
  virtual void stop() = 0;
};

struct ApiServices {
  const config::Config& config;
  router::Router& router;
  storage::Stores& stores;
  auth::Authenticator& authenticator;
  ServerControl& control;
  std::string data_dir;
  net::TaskGroup& tasks;  // for work that outlives a request (a domain's removal)
};

}  // namespace meerkat::api
