// SPDX-License-Identifier: Apache-2.0
// The typed configuration of a whole server: what a loader produces from a MongooseIM-style
// TOML file (or, later, an ejabberd YAML file). Components receive their part of it at start.
#pragma once

#include "config/general_options.hpp"
#include "config/listen_options.hpp"

namespace meerkat::config {

struct Config {
  GeneralOptions general;
  ListenOptions listen;
};

}  // namespace meerkat::config
