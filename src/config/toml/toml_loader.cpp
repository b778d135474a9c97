// SPDX-License-Identifier: Apache-2.0
// toml++ is used only here: the file becomes a RawNode tree, and the schema does the rest.
#include "config/toml/toml_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace meerkat::config {

namespace {

Position position_of(const toml::source_region& source) {
  return {static_cast<int>(source.begin.line), static_cast<int>(source.begin.column)};
}

RawNode convert(const toml::node& node) {
  RawNode raw;
  raw.pos = position_of(node.source());
  switch (node.type()) {
    case toml::node_type::table:
      raw.kind = RawNode::Kind::kTable;
      for (auto&& [key, value] : *node.as_table()) {
        raw.table.push_back({std::string(key.str()), position_of(key.source()), convert(value)});
      }
      // toml++ keeps keys sorted; the schema reports and records them in file order.
      std::stable_sort(raw.table.begin(), raw.table.end(),
                       [](const RawEntry& a, const RawEntry& b) {
                         return std::tie(a.key_pos.line, a.key_pos.col) <
                                std::tie(b.key_pos.line, b.key_pos.col);
                       });
      break;
    case toml::node_type::array:
      raw.kind = RawNode::Kind::kArray;
      for (const auto& element : *node.as_array()) raw.array.push_back(convert(element));
      break;
    case toml::node_type::string:
      raw.kind = RawNode::Kind::kString;
      raw.string = node.as_string()->get();
      break;
    case toml::node_type::integer:
      raw.kind = RawNode::Kind::kInteger;
      raw.integer = node.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      raw.kind = RawNode::Kind::kFloat;
      raw.floating = node.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      raw.kind = RawNode::Kind::kBoolean;
      raw.boolean = node.as_boolean()->get();
      break;
    default: {
      raw.kind = RawNode::Kind::kDateTime;
      std::ostringstream text;
      node.visit([&](const auto& v) { text << v; });
      raw.string = text.str();
      break;
    }
  }
  return raw;
}

// A table that only exists because of a dotted key (`tls.mode = …`) has no position of its
// own in toml++; it is where its first key is.
void fill_positions(RawNode& raw) {
  for (auto& e : raw.table) fill_positions(e.value);
  for (auto& e : raw.array) fill_positions(e);
  if (raw.pos.line == 0 && raw.is_table() && !raw.table.empty())
    raw.pos = raw.table.front().key_pos;
}

}  // namespace

LoadResult load_toml_string(std::string_view text, std::string file_name,
                            const LoadOptions& options) {
  toml::table table;
  try {
    table = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    auto pos = position_of(e.source());
    return ConfigErrors(
        {{file_name, pos.line, pos.col, "", "TOML syntax error: " + std::string(e.description())}});
  }
  RawNode root = convert(table);
  root.pos = {1, 1};
  fill_positions(root);
  return load_config(root, std::move(file_name), options);
}

LoadResult load_toml_file(std::string path, const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return ConfigErrors(
        {{path, 0, 0, "", std::string("cannot read the file: ") + std::strerror(errno)}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_toml_string(text.str(), std::move(path), options);
}

}  // namespace meerkat::config
