// SPDX-License-Identifier: Apache-2.0
// mod_csi: XEP-0352 Client State Indication. Offers the stream feature and sets the policy
// the client streams apply: while a client is inactive, presence and messages without a body
// wait (the latest presence per contact) until a message with a body or an IQ arrives, the
// client is active again, or more than `buffer_max` wait.
#pragma once

#include "config/modules/csi_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::csi {

class CsiModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_csi";
  CsiModule(ModuleContext& context, config::modules::CsiOptions options);
};

}  // namespace meerkat::modules::csi
