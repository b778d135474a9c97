// SPDX-License-Identifier: Apache-2.0
#include "config/raw_node.hpp"

#include <sstream>

#include "config/schema_core.hpp"

namespace meerkat::config {

const RawEntry* RawNode::find(std::string_view key) const {
  for (const auto& e : table) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string_view kind_name(RawNode::Kind kind) {
  switch (kind) {
    case RawNode::Kind::kBoolean: return "boolean";
    case RawNode::Kind::kInteger: return "integer";
    case RawNode::Kind::kFloat: return "float";
    case RawNode::Kind::kString: return "string";
    case RawNode::Kind::kDateTime: return "date-time";
    case RawNode::Kind::kArray: return "array";
    case RawNode::Kind::kTable: return "table";
  }
  return "value";
}

std::string quote_raw(const RawNode& node) {
  switch (node.kind) {
    case RawNode::Kind::kBoolean: return node.boolean ? "true" : "false";
    case RawNode::Kind::kInteger: return std::to_string(node.integer);
    case RawNode::Kind::kFloat: {
      std::ostringstream out;
      out << node.floating;
      return out.str();
    }
    case RawNode::Kind::kString: return quote_string(node.string);
    case RawNode::Kind::kDateTime: return node.string;
    case RawNode::Kind::kArray:
    case RawNode::Kind::kTable: break;
  }
  return std::string(kind_name(node.kind));
}

}  // namespace meerkat::config
