// SPDX-License-Identifier: Apache-2.0
#include "modules/module_context.hpp"

#include "core/ns.hpp"

namespace meerkat::modules {

xml::Element make_iq(std::string_view type, std::string id, std::string from, std::string to) {
  xml::Element iq("iq", std::string(ns::kClient));
  iq.reserve_attrs(4);
  iq.add_attr_unchecked("type", std::string(type));
  iq.add_attr_unchecked("id", std::move(id));
  if (!from.empty()) iq.add_attr_unchecked("from", std::move(from));
  if (!to.empty()) iq.add_attr_unchecked("to", std::move(to));
  return iq;
}

}  // namespace meerkat::modules
