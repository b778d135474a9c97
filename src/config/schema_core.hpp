// SPDX-License-Identifier: Apache-2.0
// The non-template core of the config schema (schema.hpp): load context, error reporting, the
// type-erased specs that loaders walk, and the walking and doc functions (schema.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <vector>

#include "config/config_error.hpp"
#include "config/raw_node.hpp"
#include "config/validators.hpp"
#include "core/error/error.hpp"

namespace meerkat::config {

// Whether the server acts on an option yet. Validated-only options are checked as strictly as
// the others, so a config written today keeps working, but nothing reads them yet.
enum class Status { kImplemented, kValidatedOnly };

// One row of the generated reference (config_reference.hpp).
struct OptionDoc {
  std::string path;  // "listen.c2s[].tls.mode": [] is an array element, <name> a user-chosen key
  std::string type;
  std::string default_value;
  Status status = Status::kImplemented;
  std::string doc;
};

// Where a load is, and what went wrong so far.
class LoadContext {
 public:
  LoadContext(std::string file, std::filesystem::path working_dir);

  // Reports an error about the option at the current path.
  void error(Position pos, std::string message);
  void error_at_path(Position pos, std::string path, std::string message);
  std::size_t error_count() const { return errors_.size(); }
  // Records that a validated-only option is set: it is checked but has no effect yet.
  void not_applied(Position pos, std::string path);
  std::vector<ConfigError> take_not_applied() { return std::move(not_applied_); }
  std::vector<ConfigError> take_errors() { return std::move(errors_); }
  const std::string& path() const { return path_; }
  const std::filesystem::path& working_dir() const { return working_dir_; }

  // Extends the path for the lifetime of the returned object.
  class Scope {
   public:
    Scope(LoadContext& ctx, std::size_t old_size) : ctx_(ctx), old_size_(old_size) {}
    ~Scope() { ctx_.path_.resize(old_size_); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    LoadContext& ctx_;
    std::size_t old_size_;
  };
  [[nodiscard]] Scope key(std::string_view key);
  [[nodiscard]] Scope index(std::size_t one_based);  // array indices in paths are 1-based

 private:
  std::string file_;
  std::filesystem::path working_dir_;
  std::string path_;
  std::vector<ConfigError> errors_;
  std::vector<ConfigError> not_applied_;
};

// What a cross-check sees of the table it checks.
class SectionCheck {
 public:
  SectionCheck(const RawNode& table, LoadContext& ctx) : table_(table), ctx_(ctx) {}

  bool has(std::string_view key) const { return table_.find(key) != nullptr; }
  Position position() const { return table_.pos; }
  // An error about `key` of this table: at its value, or at the table when the key is absent.
  void error(std::string_view key, std::string message);
  // An error below this table, e.g. error_at("host_config[2].host", …) from the root.
  void error_at(std::string_view relative_path, std::string message);
  const LoadContext& context() const { return ctx_; }
  const RawNode& raw() const { return table_; }

 private:
  const RawNode& table_;
  LoadContext& ctx_;
};

struct NodeSpec;
struct SectionSpec;

// Per-C++-type functions (instantiated once per type, not per option) that interpret a NodeSpec.
using LoadFn = void (*)(const NodeSpec&, const RawNode&, void* out, LoadContext&);
using RenderFn = std::string (*)(const NodeSpec&, const void* value);
using DescribeFn = void (*)(const NodeSpec&, std::vector<OptionDoc>&, const std::string& path,
                            Status, const void* value);

enum class ScalarKind { kBoolean, kInteger, kFloat, kString };

// Validators compiled for one scalar type.
struct ScalarRules {
  ScalarKind kind = ScalarKind::kString;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  bool infinity = false;
  bool non_empty = false;  // for arrays: at least one element
  std::vector<Validator::Kind> formats;
  std::vector<Choice> choices;
  const char* range_name = nullptr;  // "positive", "non-negative", "port"
  std::string unit;                  // docs only: "ms", "s"

  // "a positive integer or \"infinity\"" (with_article) or "positive integer or \"infinity\"".
  std::string describe(bool with_article) const;
};

// How to load and document one value. `out` and `value` point to the C++ value.
struct NodeSpec {
  std::string type;  // for docs
  LoadFn load = nullptr;
  RenderFn render = nullptr;                   // the default, for docs; may be null
  DescribeFn describe_children = nullptr;      // rows for what is inside; may be null
  ScalarRules rules;                           // scalars, arrays of scalars; map keys
  std::shared_ptr<const SectionSpec> section;  // tables
  std::shared_ptr<const NodeSpec> element;     // entries of list_of() and map_of()
  std::shared_ptr<const void> custom;          // custom_spec()'s loader
};

template <class T>
struct Spec {
  NodeSpec node;
};

// ---- the non-template core (schema.cpp) ------------------------------------------------------

ScalarRules compile_rules(ScalarKind kind, const std::vector<Validator>& validators,
                          std::optional<std::int64_t> type_min,
                          std::optional<std::int64_t> type_max, std::string unit);

enum class ScalarCheck { kInvalid, kValue, kInfinity };
// Checks type and validators, reporting any error at the current path.
ScalarCheck check_scalar(const RawNode& raw, const ScalarRules& rules, LoadContext& ctx);
// Checks that `raw` is an array (and non-empty when required).
bool check_array(const RawNode& raw, const ScalarRules& rules, LoadContext& ctx);
bool check_array_of_tables(const RawNode& raw, LoadContext& ctx);
bool check_table(const RawNode& raw, LoadContext& ctx);
bool check_map_key(const RawEntry& entry, const ScalarRules& rules, LoadContext& ctx);
std::int64_t choice_value(const ScalarRules& rules, const std::string& name);
std::string render_choice(const ScalarRules& rules, std::int64_t value);
std::string quote_string(std::string_view s);

struct PostStep {
  bool on_elements = false;
  std::function<bool(void*)> fn;  // false: the check failed
  std::string expected;           // empty for .process()
};

struct FieldSpec {
  std::string key;
  std::string doc;
  bool required = false;
  Status status = Status::kImplemented;
  NodeSpec value;
  std::size_t offset = 0;  // of the member in the section's struct
  std::type_index value_type = typeid(void);
  std::type_index element_type = typeid(void);
  std::size_t (*element_count)(const void*) = nullptr;
  void* (*element_at)(void*, std::size_t) = nullptr;
  std::vector<PostStep> steps;
};

struct CrossCheck {
  std::vector<std::string> depends_on;  // empty: runs only if no option of the table failed
  std::size_t offset = 0;               // of the checked struct in the section's struct
  std::function<void(void*, SectionCheck&)> fn;
};

struct SectionSpec {
  std::vector<FieldSpec> fields;
  std::vector<CrossCheck> cross_checks;
  std::shared_ptr<void> (*make_default)() = nullptr;
  std::optional<std::size_t> key_list_offset;  // a std::vector<std::string> member
};

void load_section(const SectionSpec& spec, const RawNode& raw, void* object, LoadContext& ctx);
void describe_section(const SectionSpec& spec, std::vector<OptionDoc>& rows,
                      const std::string& path, Status status, const void* defaults);
// The key closest to `key` by edit distance, or "" when none is close.
std::string closest_key(std::string_view key, const std::vector<std::string>& known);

// NodeSpec functions for tables (schema.cpp).
void load_section_node(const NodeSpec& n, const RawNode& raw, void* out, LoadContext& ctx);
void describe_section_node(const NodeSpec& n, std::vector<OptionDoc>& rows, const std::string& path,
                           Status status, const void* value);
std::string render_not_set(const NodeSpec&, const void*);

}  // namespace meerkat::config
