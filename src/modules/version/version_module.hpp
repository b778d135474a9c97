// SPDX-License-Identifier: Apache-2.0
// mod_version: XEP-0092 Software Version of the server.
#pragma once

#include "config/modules/iqdisc_only_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::version {

class VersionModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_version";
  VersionModule(ModuleContext& context, config::modules::VersionOptions options);

 private:
  std::string os_;  // filled once at start when os_info is on
};

}  // namespace meerkat::modules::version
