// SPDX-License-Identifier: Apache-2.0
// mod_sasl2 (XEP-0388 Extensible SASL Profile) and mod_bind2 (XEP-0386 Bind 2). The client
// stream speaks both (stream/c2s/c2s_sasl2.cpp); these modules switch them on. With both, a
// client authenticates, binds a resource, resumes or enables stream management, enables
// carbons and sets its client state in one round trip, without a stream restart.
#pragma once

#include "config/modules/iqdisc_only_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::sasl2 {

class Sasl2Module final : public Module {
 public:
  static constexpr std::string_view kName = "mod_sasl2";
  Sasl2Module(ModuleContext& context, const config::modules::Sasl2Options& options);
};

// Bind 2 is an inline feature of SASL2: without mod_sasl2 it is never offered.
class Bind2Module final : public Module {
 public:
  static constexpr std::string_view kName = "mod_bind2";
  Bind2Module(ModuleContext& context, const config::modules::Bind2Options& options);
};

}  // namespace meerkat::modules::sasl2
