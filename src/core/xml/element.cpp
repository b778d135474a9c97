// SPDX-License-Identifier: Apache-2.0
#include "core/xml/element.hpp"

#include <algorithm>
#include <utility>

namespace meerkat::xml {

std::optional<std::string_view> Element::attr(std::string_view name) const {
  for (const Attribute& a : attrs_) {
    if (a.name == name) return std::string_view(a.value);
  }
  return std::nullopt;
}

std::string_view Element::attr_or(std::string_view name, std::string_view fallback) const {
  auto value = attr(name);
  return value ? *value : fallback;
}

Element& Element::set_attr(std::string_view name, std::string value) {
  for (Attribute& a : attrs_) {
    if (a.name == name) {
      a.value = std::move(value);
      return *this;
    }
  }
  attrs_.push_back({std::string(name), std::move(value)});
  return *this;
}

bool Element::remove_attr(std::string_view name) {
  auto it = std::find_if(attrs_.begin(), attrs_.end(),
                         [name](const Attribute& a) { return a.name == name; });
  if (it == attrs_.end()) return false;
  attrs_.erase(it);
  return true;
}

Element::ConstChildren Element::children() const {
  using It = ChildIterator<std::vector<Node>::const_iterator, const Element>;
  return {It(nodes_.begin(), nodes_.end()), It(nodes_.end(), nodes_.end())};
}

Element::Children Element::children() {
  using It = ChildIterator<std::vector<Node>::iterator, Element>;
  return {It(nodes_.begin(), nodes_.end()), It(nodes_.end(), nodes_.end())};
}

bool Element::has_children() const {
  return std::any_of(nodes_.begin(), nodes_.end(),
                     [](const Node& n) { return std::holds_alternative<Element>(n); });
}

Element& Element::append(Element child) {
  return std::get<Element>(nodes_.emplace_back(std::in_place_type<Element>, std::move(child)));
}

void Element::append_text(std::string_view text) {
  if (text.empty()) return;
  if (!nodes_.empty()) {
    if (auto* last = std::get_if<std::string>(&nodes_.back())) {
      last->append(text);
      return;
    }
  }
  nodes_.emplace_back(std::in_place_type<std::string>, text);
}

void Element::set_text(std::string text) {
  std::erase_if(nodes_, [](const Node& n) { return std::holds_alternative<std::string>(n); });
  if (!text.empty()) nodes_.emplace_back(std::in_place_type<std::string>, std::move(text));
}

const Element* Element::find_child(std::string_view name, std::string_view xmlns) const {
  for (const Element& child : children()) {
    if (child.name_ == name && child.xmlns_ == xmlns) return &child;
  }
  return nullptr;
}

Element* Element::find_child(std::string_view name, std::string_view xmlns) {
  return const_cast<Element*>(std::as_const(*this).find_child(name, xmlns));
}

const Element* Element::find_child_ns(std::string_view xmlns) const {
  for (const Element& child : children()) {
    if (child.xmlns_ == xmlns) return &child;
  }
  return nullptr;
}

std::string Element::child_text(std::string_view name, std::string_view xmlns) const {
  const Element* child = find_child(name, xmlns);
  return child ? child->text() : std::string();
}

std::string Element::text() const {
  std::string out;
  for (const Node& n : nodes_) {
    if (const auto* s = std::get_if<std::string>(&n)) out.append(*s);
  }
  return out;
}

bool operator==(const Element& a, const Element& b) {
  return a.name_ == b.name_ && a.xmlns_ == b.xmlns_ && a.attrs_ == b.attrs_ && a.nodes_ == b.nodes_;
}

}  // namespace meerkat::xml
