// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/stanza_id.hpp"

#include <algorithm>
#include <variant>

#include "core/ns.hpp"

namespace meerkat::stanza {

namespace {

bool is_stamp_by(const xml::Element& element, std::string_view by) {
  return element.is("stanza-id", ns::kStanzaId) && element.attr_or("by", "") == by;
}

}  // namespace

const xml::Element* stanza_id_by(const xml::Element& message, std::string_view by) {
  for (const auto& child : message.children()) {
    if (is_stamp_by(child, by)) return &child;
  }
  return nullptr;
}

void add_stanza_id(xml::Element& message, std::string by, std::string id) {
  auto& stamp = message.append(xml::Element("stanza-id", std::string(ns::kStanzaId)));
  stamp.add_attr_unchecked("by", std::move(by));
  stamp.add_attr_unchecked("id", std::move(id));
}

void strip_stanza_ids(xml::Element& message, std::string_view by) {
  std::erase_if(message.nodes(), [by](const xml::Node& node) {
    const auto* child = std::get_if<xml::Element>(&node);
    return child && is_stamp_by(*child, by);
  });
}

}  // namespace meerkat::stanza
