// SPDX-License-Identifier: Apache-2.0
#include "modules/sasl2/sasl2_modules.hpp"

namespace meerkat::modules::sasl2 {

Sasl2Module::Sasl2Module(ModuleContext& context, const config::modules::Sasl2Options&) {
  context.hooks.sasl2 = true;
}

Bind2Module::Bind2Module(ModuleContext& context, const config::modules::Bind2Options&) {
  context.hooks.bind2 = true;
}

}  // namespace meerkat::modules::sasl2
