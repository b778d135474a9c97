// SPDX-License-Identifier: Apache-2.0
// mod_time: XEP-0202 Entity Time of the server.
#pragma once

#include "config/modules/iqdisc_only_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::time {

class TimeModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_time";
  TimeModule(ModuleContext& context, config::modules::TimeOptions options);
};

}  // namespace meerkat::modules::time
