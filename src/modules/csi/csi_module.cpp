// SPDX-License-Identifier: Apache-2.0
#include "modules/csi/csi_module.hpp"

#include "core/ns.hpp"

namespace meerkat::modules::csi {

CsiModule::CsiModule(ModuleContext& context, config::modules::CsiOptions options) {
  context.hooks.client_state = hooks::ClientStatePolicy{options.buffer_max};
  context.hooks.session_stream_features.emplace_back("csi", std::string(ns::kCsi));
}

}  // namespace meerkat::modules::csi
