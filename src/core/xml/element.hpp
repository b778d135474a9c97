// SPDX-License-Identifier: Apache-2.0
// A compact XML element tree (core layer): what the stream parser produces, what stanza views
// read and what the writer serializes. Namespaces are stored resolved, never as prefixes.
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace meerkat::xml {

// An attribute in document order. Attributes in the XML namespace keep the `xml:` prefix in their
// name ("xml:lang"); other prefixed attributes are stored as "prefix:local" next to the
// "xmlns:prefix" declaration that binds them, so writing them back stays well-formed.
struct Attribute {
  std::string name;
  std::string value;

  friend bool operator==(const Attribute&, const Attribute&) = default;
};

class Element;

// A child node: an element or a run of character data (unescaped). Adjacent text is merged.
using Node = std::variant<Element, std::string>;

// Iterates over the element nodes of a node list, skipping text.
template <class NodeIt, class ElementT>
class ChildIterator {
 public:
  using value_type = Element;
  using difference_type = std::ptrdiff_t;
  using reference = ElementT&;
  using pointer = ElementT*;
  using iterator_category = std::forward_iterator_tag;

  ChildIterator() = default;
  ChildIterator(NodeIt it, NodeIt end) : it_(it), end_(end) { skip_text(); }

  reference operator*() const { return std::get<Element>(*it_); }
  pointer operator->() const { return &std::get<Element>(*it_); }
  ChildIterator& operator++() {
    ++it_;
    skip_text();
    return *this;
  }
  ChildIterator operator++(int) {
    ChildIterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const ChildIterator& a, const ChildIterator& b) { return a.it_ == b.it_; }

 private:
  void skip_text() {
    while (it_ != end_ && !std::holds_alternative<Element>(*it_)) ++it_;
  }
  NodeIt it_{};
  NodeIt end_{};
};

template <class It>
struct ChildRange {
  It first;
  It last;
  It begin() const { return first; }
  It end() const { return last; }
  bool empty() const { return first == last; }
};

// Sizes: four members (name, namespace, attributes, nodes), no maps, no parent pointer. Strings
// up to 15 bytes ("jabber:client", "message", "id") live inline.
class Element {
 public:
  using ConstChildren = ChildRange<ChildIterator<std::vector<Node>::const_iterator, const Element>>;
  using Children = ChildRange<ChildIterator<std::vector<Node>::iterator, Element>>;

  Element() = default;
  explicit Element(std::string name, std::string xmlns = {})
      : name_(std::move(name)), xmlns_(std::move(xmlns)) {}

  const std::string& name() const { return name_; }
  const std::string& xmlns() const { return xmlns_; }
  void set_name(std::string name) { name_ = std::move(name); }
  void set_xmlns(std::string xmlns) { xmlns_ = std::move(xmlns); }
  bool is(std::string_view name, std::string_view xmlns) const {
    return name_ == name && xmlns_ == xmlns;
  }

  const std::vector<Attribute>& attrs() const { return attrs_; }
  std::optional<std::string_view> attr(std::string_view name) const;
  // The attribute's value, or `fallback` when it is absent.
  std::string_view attr_or(std::string_view name, std::string_view fallback) const;
  // Replaces the value if the attribute exists, otherwise appends it.
  Element& set_attr(std::string_view name, std::string value);
  // Returns whether the attribute existed.
  bool remove_attr(std::string_view name);
  // Appends without looking for an existing attribute: for builders that know it is new.
  void add_attr_unchecked(std::string name, std::string value) {
    attrs_.push_back({std::move(name), std::move(value)});
  }
  void reserve_attrs(std::size_t n) { attrs_.reserve(n); }

  const std::vector<Node>& nodes() const { return nodes_; }
  std::vector<Node>& nodes() { return nodes_; }
  ConstChildren children() const;
  Children children();
  bool has_children() const;

  // Returns a reference to the appended child, valid until the next append to this element.
  Element& append(Element child);
  // Appends character data (unescaped), merging with a preceding text node.
  void append_text(std::string_view text);
  // Replaces all direct text nodes by `text`; child elements are kept.
  void set_text(std::string text);
  // Removes every child node.
  void clear_nodes() { nodes_.clear(); }

  const Element* find_child(std::string_view name, std::string_view xmlns) const;
  Element* find_child(std::string_view name, std::string_view xmlns);
  // The first child element in `xmlns`, whatever its name (e.g. an IQ payload).
  const Element* find_child_ns(std::string_view xmlns) const;
  // The text of the first matching child, or empty when there is none.
  std::string child_text(std::string_view name, std::string_view xmlns) const;
  // Concatenation of the direct text nodes (not of descendants).
  std::string text() const;

  friend bool operator==(const Element&, const Element&);

 private:
  std::string name_;
  std::string xmlns_;
  std::vector<Attribute> attrs_;
  std::vector<Node> nodes_;
};

}  // namespace meerkat::xml
