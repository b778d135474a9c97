// SPDX-License-Identifier: Apache-2.0
// The modules this build implements (STYLE.md "Modules": the one list to add a module to).
// Every module the configuration knows is validated; enabling one that is not listed here
// is a start-up error, never a silent no-op.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "modules/module_context.hpp"

namespace meerkat::app {

bool is_implemented_module(std::string_view name);

// Throws StartupError naming the first enabled module (top level, then host_config) that
// this build cannot run.
void check_modules_implemented(const config::Config& config);

// Starts the always-on core modules and every module enabled in `[modules]`.
std::vector<std::unique_ptr<modules::Module>> start_modules(modules::ModuleContext& context);

}  // namespace meerkat::app
