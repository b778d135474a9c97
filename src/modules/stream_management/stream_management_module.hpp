// SPDX-License-Identifier: Apache-2.0
// mod_stream_management: XEP-0198 Stream Management. Offers the stream feature and sets the
// policy the client streams apply: stanza counting and acks, a buffer of unacknowledged
// stanzas, and resumption of a broken session within `resume_timeout`.
#pragma once

#include "config/modules/stream_management_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::stream_management {

class StreamManagementModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_stream_management";
  StreamManagementModule(ModuleContext& context,
                         const config::modules::StreamManagementOptions& options);
};

}  // namespace meerkat::modules::stream_management
