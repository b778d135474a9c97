// SPDX-License-Identifier: Apache-2.0
#include "modules/stream_management/stream_management_module.hpp"

#include "core/ns.hpp"

namespace meerkat::modules::stream_management {

StreamManagementModule::StreamManagementModule(
    ModuleContext& context, const config::modules::StreamManagementOptions& options) {
  hooks::StreamManagementPolicy policy;
  policy.buffer = options.buffer;
  policy.buffer_max = options.buffer_max;
  policy.ack = options.ack;
  policy.ack_freq = static_cast<std::uint32_t>(options.ack_freq);
  policy.resume_timeout = options.resume_timeout;
  policy.stale_h = options.stale_h.enabled;
  policy.stale_h_repeat_after = options.stale_h.repeat_after;
  policy.stale_h_geriatric = options.stale_h.geriatric;
  context.hooks.stream_management = policy;
  context.hooks.session_stream_features.emplace_back("sm", std::string(ns::kStreamManagement));
}

}  // namespace meerkat::modules::stream_management
