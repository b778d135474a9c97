// SPDX-License-Identifier: Apache-2.0
#include "app/module_list.hpp"

#include <array>
#include <string>

#include "app/server.hpp"

namespace meerkat::app {

namespace {

// TODO(#3): mod_roster, mod_offline, mod_disco, mod_ping… join as they are implemented.
constexpr std::array<std::string_view, 0> kImplemented{};

void check(const config::modules::ModulesOptions& modules, const std::string& where) {
  for (const auto& name : modules.enabled) {
    if (!is_implemented_module(name)) {
      throw StartupError(where + "." + name +
                         ": the module's options are valid, but the module is not implemented "
                         "yet; remove it to start");
    }
  }
}

}  // namespace

bool is_implemented_module(std::string_view name) {
  for (auto implemented : kImplemented) {
    if (implemented == name) return true;
  }
  return false;
}

void check_modules_implemented(const config::Config& config) {
  check(config.modules, "modules");
  for (std::size_t i = 0; i < config.host_config.size(); ++i) {
    if (const auto& modules = config.host_config[i].modules) {
      check(*modules, "host_config[" + std::to_string(i + 1) + "].modules");
    }
  }
}

}  // namespace meerkat::app
