// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/content_namespace.hpp"

#include "core/ns.hpp"

namespace meerkat::stanza {

void to_client_namespace(xml::Element& element, std::string_view stream_xmlns) {
  if (element.xmlns() != stream_xmlns) return;
  element.set_xmlns(std::string(ns::kClient));
  for (auto& child : element.children()) to_client_namespace(child, stream_xmlns);
}

}  // namespace meerkat::stanza
