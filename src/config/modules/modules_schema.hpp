// SPDX-License-Identifier: Apache-2.0
// Schema of the `modules` section, and what the application needs to know about each module.
//
// Module option specs live here, in src/config/modules/, rather than in src/modules/<name>/:
// the config layer must know every module name to reject unknown ones with a suggestion, and
// layer 1 may not depend on layer 5. A module implementation includes its
// config/modules/<name>_options.hpp for its typed options.
#pragma once

#include <string>
#include <vector>

#include "config/modules/modules_options.hpp"

namespace meerkat::config {
template <class S>
class Section;
}  // namespace meerkat::config

namespace meerkat::config::modules {

Section<ModulesOptions> modules_schema();

struct ModuleInfo {
  std::string name;  // "mod_ping"
  std::string doc;
};
// Every module the config accepts, in reference order.
std::vector<ModuleInfo> known_modules();

}  // namespace meerkat::config::modules
