// SPDX-License-Identifier: Apache-2.0
// The loader-neutral config tree: what a TOML (or, later, YAML) file becomes before the schema
// walks it. Every node and every table key remembers where it was written, for error messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace meerkat::config {

// 1-based line and column; {0, 0} when unknown.
struct Position {
  int line = 0;
  int col = 0;
};

struct RawEntry;

struct RawNode {
  enum class Kind { kBoolean, kInteger, kFloat, kString, kDateTime, kArray, kTable };

  Kind kind = Kind::kTable;
  Position pos;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  std::string string;           // kString; for kDateTime, its text
  std::vector<RawNode> array;   // kArray
  std::vector<RawEntry> table;  // kTable, in file order

  bool is_table() const { return kind == Kind::kTable; }
  bool is_array() const { return kind == Kind::kArray; }
  const RawEntry* find(std::string_view key) const;
};

struct RawEntry {
  std::string key;
  Position key_pos;
  RawNode value;
};

// "integer", "string", "table", …: how a type mismatch names what it found.
std::string_view kind_name(RawNode::Kind kind);

// The value as an error message quotes it: 0, "startls", true, or the kind for arrays and tables.
std::string quote_raw(const RawNode& node);

}  // namespace meerkat::config
