// SPDX-License-Identifier: Apache-2.0
#include "hooks/iq_handlers.hpp"

namespace meerkat::hooks {

const xml::Element& IqRequest::payload() const {
  static const xml::Element kNone;
  auto children = iq.children();
  return children.empty() ? kNone : *children.begin();
}

void IqHandlers::add(IqScope scope, std::string xmlns, IqHandler handler) {
  auto [it, inserted] = handlers_.emplace(std::pair(scope, std::move(xmlns)), std::move(handler));
  MEERKAT_CHECK(inserted);
}

const IqHandler* IqHandlers::find(IqScope scope, std::string_view xmlns) const {
  auto it = handlers_.find(std::pair(scope, std::string(xmlns)));
  return it == handlers_.end() ? nullptr : &it->second;
}

}  // namespace meerkat::hooks
