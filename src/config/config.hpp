// SPDX-License-Identifier: Apache-2.0
// The typed configuration of a whole server: what a loader produces from a MongooseIM-style
// TOML file (or, later, an ejabberd YAML file). Components receive their part of it at start.
#pragma once

#include <vector>

#include "config/access_options.hpp"
#include "config/config_error.hpp"
#include "config/auth_options.hpp"
#include "config/general_options.hpp"
#include "config/host_config_options.hpp"
#include "config/listen_options.hpp"
#include "config/modules/modules_options.hpp"
#include "config/pool_options.hpp"
#include "config/s2s_options.hpp"
#include "config/service_options.hpp"

namespace meerkat::config {

struct Config {
  GeneralOptions general;
  ListenOptions listen;
  AuthOptions auth;
  ShaperMap shaper;
  AclMap acl;
  AccessMap access;
  S2sOptions s2s;
  OutgoingPoolsOptions outgoing_pools;
  ServicesOptions services;
  InternalDatabasesOptions internal_databases;
  InstrumentationOptions instrumentation;
  modules::ModulesOptions modules;
  std::vector<HostConfig> host_config;
  // Validated-only options the file sets: accepted, but without effect yet. The server says
  // so at start-up rather than ignoring them silently.
  std::vector<ConfigError> not_applied;
};

}  // namespace meerkat::config
