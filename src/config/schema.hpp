// SPDX-License-Identifier: Apache-2.0
// The declarative config schema (STYLE.md "Configuration"): every option is declared once, with
// its key, validators and doc, and bound by member pointer to a typed options struct that holds
// its default. Loaders turn a file into a RawNode tree; load_section() walks it with a schema,
// filling the struct and collecting every error. The same schema renders the reference docs.
//
// Only schema definitions (the *_schema.cpp files) include this header: the templates here are
// thin wrappers that erase types into std::function; the walking lives in schema.cpp.
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

// ---- typed values --------------------------------------------------------------------------

namespace detail {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {
  using type = T;
};
template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {
  using type = T;
};
template <class T>
struct IsDuration : std::false_type {};
template <class R, class P>
struct IsDuration<std::chrono::duration<R, P>> : std::true_type {};

// Where `member` lies in S. Computed on raw storage, so S is never constructed.
template <class S, class T>
std::size_t member_offset(T S::*member) {
  union Storage {
    char byte;
    S object;
    Storage() {}
    ~Storage() {}
  } storage;
  return static_cast<std::size_t>(reinterpret_cast<const char*>(&(storage.object.*member)) -
                                  reinterpret_cast<const char*>(&storage.object));
}

template <class S>
std::shared_ptr<void> make_default() {
  return std::make_shared<S>();
}

template <class T>
std::string duration_unit() {
  using P = typename T::period;
  if constexpr (std::is_same_v<P, std::milli>)
    return "ms";
  else if constexpr (std::is_same_v<P, std::ratio<1>>)
    return "s";
  else if constexpr (std::is_same_v<P, std::ratio<60>>)
    return "min";
  else if constexpr (std::is_same_v<P, std::ratio<3600>>)
    return "h";
  else if constexpr (std::is_same_v<P, std::ratio<86400>>)
    return "days";
  else
    return "";
}

void check_choice_type(const std::vector<Validator>& validators, std::type_index type,
                       bool required);

template <class T>
ScalarRules scalar_rules(const std::vector<Validator>& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return compile_rules(ScalarKind::kBoolean, v, std::nullopt, std::nullopt, "");
  } else if constexpr (std::is_enum_v<T>) {
    check_choice_type(v, typeid(T), true);
    return compile_rules(ScalarKind::kString, v, std::nullopt, std::nullopt, "");
  } else if constexpr (std::is_integral_v<T>) {
    check_choice_type(v, typeid(std::int64_t), false);
    using L = std::numeric_limits<T>;
    std::optional<std::int64_t> lo = L::is_signed ? std::optional<std::int64_t>(L::min()) : 0;
    std::optional<std::int64_t> hi;
    if (static_cast<std::uint64_t>(L::max()) <
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      hi = static_cast<std::int64_t>(L::max());
    }
    return compile_rules(ScalarKind::kInteger, v, lo, hi, "");
  } else if constexpr (std::is_floating_point_v<T>) {
    return compile_rules(ScalarKind::kFloat, v, std::nullopt, std::nullopt, "");
  } else if constexpr (std::is_same_v<T, std::string>) {
    check_choice_type(v, typeid(std::string), false);
    return compile_rules(ScalarKind::kString, v, std::nullopt, std::nullopt, "");
  } else if constexpr (IsDuration<T>::value) {
    return compile_rules(ScalarKind::kInteger, v, 0, std::nullopt, duration_unit<T>());
  } else {
    static_assert(sizeof(T) == 0, "no scalar config type for this member");
  }
}

template <class T>
T scalar_value(const RawNode& raw, const ScalarRules& rules) {
  if constexpr (std::is_same_v<T, bool>)
    return raw.boolean;
  else if constexpr (std::is_enum_v<T>)
    return static_cast<T>(choice_value(rules, raw.string));
  else if constexpr (std::is_integral_v<T>)
    return static_cast<T>(raw.integer);
  else if constexpr (std::is_floating_point_v<T>)
    return raw.kind == RawNode::Kind::kInteger ? static_cast<T>(raw.integer) : raw.floating;
  else if constexpr (std::is_same_v<T, std::string>)
    return raw.string;
  else
    return T{static_cast<typename T::rep>(raw.integer)};
}

template <class T>
std::string scalar_render(const T& v, const ScalarRules& rules) {
  if constexpr (std::is_same_v<T, bool>)
    return v ? "true" : "false";
  else if constexpr (std::is_enum_v<T>)
    return render_choice(rules, static_cast<std::int64_t>(v));
  else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>)
    return std::to_string(v);
  else if constexpr (std::is_same_v<T, std::string>)
    return quote_string(v);
  else
    return std::to_string(v.count());
}

template <class U>
void load_array(const RawNode& raw, std::vector<U>& out, const ScalarRules& rules,
                LoadContext& ctx) {
  if (!check_array(raw, rules, ctx)) return;
  ScalarRules element = rules;
  element.non_empty = rules.non_empty && rules.kind == ScalarKind::kString;
  out.clear();
  for (std::size_t i = 0; i < raw.array.size(); ++i) {
    auto scope = ctx.index(i + 1);
    if (check_scalar(raw.array[i], element, ctx) == ScalarCheck::kValue) {
      out.push_back(scalar_value<U>(raw.array[i], element));
    }
  }
}

template <class U>
std::string render_array(const std::vector<U>& values, const ScalarRules& rules) {
  std::string out = "[";
  for (const auto& v : values) out += (out.size() > 1 ? ", " : "") + scalar_render(v, rules);
  return out + "]";
}

// T is a scalar, a std::vector of scalars, or a std::optional of either.
template <class T>
void load_value(const NodeSpec& n, const RawNode& raw, void* out, LoadContext& ctx) {
  auto& target = *static_cast<T*>(out);
  if constexpr (IsOptional<T>::value) {
    using U = typename IsOptional<T>::type;
    if constexpr (IsVector<U>::value) {
      U values;
      load_array(raw, values, n.rules, ctx);
      target = std::move(values);
    } else {
      switch (check_scalar(raw, n.rules, ctx)) {
        case ScalarCheck::kValue: target = scalar_value<U>(raw, n.rules); break;
        case ScalarCheck::kInfinity: target.reset(); break;
        case ScalarCheck::kInvalid: break;
      }
    }
  } else if constexpr (IsVector<T>::value) {
    load_array(raw, target, n.rules, ctx);
  } else {
    if (check_scalar(raw, n.rules, ctx) == ScalarCheck::kValue) {
      target = scalar_value<T>(raw, n.rules);
    }
  }
}

template <class T>
std::string render_value(const NodeSpec& n, const void* value) {
  const auto& v = *static_cast<const T*>(value);
  if constexpr (IsOptional<T>::value) {
    if (!v) return n.rules.infinity ? "\"infinity\"" : "not set";
    if constexpr (IsVector<typename IsOptional<T>::type>::value)
      return render_array(*v, n.rules);
    else
      return scalar_render(*v, n.rules);
  } else if constexpr (IsVector<T>::value) {
    return render_array(v, n.rules);
  } else {
    return scalar_render(v, n.rules);
  }
}

template <class T>
auto element_type_of() {
  if constexpr (IsVector<T>::value)
    return std::type_index(typeid(typename IsVector<T>::type));
  else if constexpr (IsOptional<T>::value)
    return std::type_index(typeid(typename IsOptional<T>::type));
  else
    return std::type_index(typeid(void));
}

template <class T>
std::size_t element_count(const void* v) {
  if constexpr (IsVector<T>::value)
    return static_cast<const T*>(v)->size();
  else
    return static_cast<const T*>(v)->has_value() ? 1 : 0;
}

template <class T>
void* element_at(void* v, std::size_t i) {
  if constexpr (IsVector<T>::value)
    return &(*static_cast<T*>(v))[i];
  else
    return (static_cast<void>(i), &**static_cast<T*>(v));
}

template <class U>
void load_optional_section(const NodeSpec& n, const RawNode& raw, void* out, LoadContext& ctx) {
  auto& opt = *static_cast<std::optional<U>*>(out);
  opt.emplace();
  load_section(*n.section, raw, &*opt, ctx);
}

template <class U>
void describe_optional_section(const NodeSpec& n, std::vector<OptionDoc>& rows,
                               const std::string& path, Status status, const void* value) {
  const auto& opt = *static_cast<const std::optional<U>*>(value);
  U defaults = opt ? *opt : U{};
  describe_section(*n.section, rows, path, status, &defaults);
}

template <class U, bool kAppend>
void load_list(const NodeSpec& n, const RawNode& raw, void* out, LoadContext& ctx) {
  auto& values = *static_cast<std::vector<U>*>(out);
  if (!check_array_of_tables(raw, ctx)) return;
  if (!kAppend) values.clear();
  for (std::size_t i = 0; i < raw.array.size(); ++i) {
    auto scope = ctx.index(i + 1);
    U value{};
    n.element->load(*n.element, raw.array[i], &value, ctx);
    values.push_back(std::move(value));
  }
}

template <class U>
std::string render_list(const NodeSpec&, const void* v) {
  return static_cast<const std::vector<U>*>(v)->empty() ? "[]" : "";
}

template <class U>
void describe_list(const NodeSpec& n, std::vector<OptionDoc>& rows, const std::string& path,
                   Status status, const void*) {
  if (!n.element->describe_children) return;
  U defaults{};
  n.element->describe_children(*n.element, rows, path + "[]", status, &defaults);
}

template <class V>
void load_map(const NodeSpec& n, const RawNode& raw, void* out, LoadContext& ctx) {
  if (!check_table(raw, ctx)) return;
  auto& values = *static_cast<std::map<std::string, V>*>(out);
  for (const auto& entry : raw.table) {
    auto scope = ctx.key(entry.key);
    bool ok = check_map_key(entry, n.rules, ctx);
    V v{};
    n.element->load(*n.element, entry.value, &v, ctx);
    if (ok) values.insert_or_assign(entry.key, std::move(v));
  }
}

template <class V>
std::string render_map(const NodeSpec&, const void* v) {
  return static_cast<const std::map<std::string, V>*>(v)->empty() ? "{}" : "";
}

template <class V>
void describe_map(const NodeSpec& n, std::vector<OptionDoc>& rows, const std::string& path,
                  Status status, const void*) {
  V defaults{};
  auto entry_path = path + ".<name>";
  const NodeSpec& e = *n.element;
  if (e.render || !e.describe_children) {
    rows.push_back(
        {entry_path, e.type, e.render ? e.render(e, &defaults) : "", status, "One named entry."});
  }
  if (e.describe_children) e.describe_children(e, rows, entry_path, status, &defaults);
}

template <class T>
using CustomLoad = std::function<void(const RawNode&, T&, LoadContext&)>;

template <class T>
void load_custom(const NodeSpec& n, const RawNode& raw, void* out, LoadContext& ctx) {
  (*static_cast<const CustomLoad<T>*>(n.custom.get()))(raw, *static_cast<T*>(out), ctx);
}

}  // namespace detail

// The spec of a scalar, an array of scalars, or a std::optional of either, from the C++ type.
template <class T>
Spec<T> value_spec(const std::vector<Validator>& validators) {
  Spec<T> spec;
  using Base = typename std::conditional_t<detail::IsOptional<T>::value, detail::IsOptional<T>,
                                           std::type_identity<T>>::type;
  if constexpr (detail::IsVector<Base>::value) {
    spec.node.rules = detail::scalar_rules<typename detail::IsVector<Base>::type>(validators);
    MEERKAT_CHECK(!spec.node.rules.infinity);
    spec.node.type = "array of " + spec.node.rules.describe(false);
  } else {
    spec.node.rules = detail::scalar_rules<Base>(validators);
    // "infinity" needs a std::optional member to store it in.
    MEERKAT_CHECK(!spec.node.rules.infinity || detail::IsOptional<T>::value);
    spec.node.type = spec.node.rules.describe(false);
  }
  spec.node.load = &detail::load_value<T>;
  spec.node.render = &detail::render_value<T>;
  return spec;
}

// A value with its own loading rules (e.g. a port that may also be "unix:/path").
template <class T>
Spec<T> custom_spec(std::string type, detail::CustomLoad<T> load) {
  Spec<T> spec;
  spec.node.type = std::move(type);
  spec.node.custom = std::make_shared<const detail::CustomLoad<T>>(std::move(load));
  spec.node.load = &detail::load_custom<T>;
  return spec;
}

// An array of tables, each loaded with `element`; replaces the default.
template <class U>
Spec<std::vector<U>> list_of(const Spec<U>& element) {
  Spec<std::vector<U>> out;
  out.node.type = "array of tables";
  out.node.element = std::make_shared<const NodeSpec>(element.node);
  out.node.load = &detail::load_list<U, false>;
  out.node.render = &detail::render_list<U>;
  out.node.describe_children = &detail::describe_list<U>;
  return out;
}

// A table whose keys the user chooses (shaper names, acl names, …).
template <class V>
Spec<std::map<std::string, V>> map_of(const Spec<V>& value, std::vector<Validator> key_rules = {}) {
  Spec<std::map<std::string, V>> out;
  out.node.type = "table of named entries";
  out.node.rules = compile_rules(ScalarKind::kString, key_rules, std::nullopt, std::nullopt, "");
  out.node.element = std::make_shared<const NodeSpec>(value.node);
  out.node.load = &detail::load_map<V>;
  out.node.render = &detail::render_map<V>;
  out.node.describe_children = &detail::describe_map<V>;
  return out;
}

namespace detail {
template <class F>
struct FirstArg : FirstArg<decltype(&F::operator())> {};
template <class C, class R, class A>
struct FirstArg<R (C::*)(A) const> {
  using type = std::remove_cvref_t<A>;
};
template <class C, class R, class A>
struct FirstArg<R (C::*)(A)> {
  using type = std::remove_cvref_t<A>;
};
template <class R, class A>
struct FirstArg<R (*)(A)> {
  using type = std::remove_cvref_t<A>;
};
void add_step(FieldSpec& field, std::type_index arg, std::function<bool(void*)> fn,
              std::string expected);
void add_field(SectionSpec& spec, std::string key, std::string doc, NodeSpec value,
               std::size_t offset, std::type_index value_type, std::type_index element_type);
void merge_into(SectionSpec& spec, const SectionSpec& inner, std::size_t offset);
}  // namespace detail

// The options of one TOML table, bound to the struct S.
template <class S>
class Section {
 public:
  Section() { spec_.make_default = &detail::make_default<S>; }

  // A scalar, an array of scalars, or a std::optional of either; the C++ type of the member
  // decides the TOML type (std::chrono durations are integers in their own unit).
  template <class T>
  Section& option(std::string key, T S::*member, std::string doc) {
    return value(std::move(key), member, value_spec<T>({}), std::move(doc));
  }
  template <class T>
  Section& option(std::string key, T S::*member, Validator validator, std::string doc) {
    return value(std::move(key), member, value_spec<T>({std::move(validator)}), std::move(doc));
  }
  template <class T>
  Section& option(std::string key, T S::*member, std::initializer_list<Validator> validators,
                  std::string doc) {
    return value(std::move(key), member, value_spec<T>(std::vector<Validator>(validators)),
                 std::move(doc));
  }

  // Any value with an explicit spec.
  template <class T>
  Section& value(std::string key, T S::*member, Spec<T> spec, std::string doc) {
    detail::add_field(spec_, std::move(key), std::move(doc), std::move(spec.node),
                      detail::member_offset(member), typeid(T), detail::element_type_of<T>());
    if constexpr (detail::IsVector<T>::value || detail::IsOptional<T>::value) {
      spec_.fields.back().element_count = &detail::element_count<T>;
      spec_.fields.back().element_at = &detail::element_at<T>;
    }
    return *this;
  }

  // A sub-table: `member` is U (defaults apply when the table is absent) or std::optional<U>
  // (set exactly when the table is present).
  template <class M, class U>
  Section& section(std::string key, M S::*member, const Section<U>& inner, std::string doc) {
    if constexpr (std::is_same_v<M, U>) {
      return value(std::move(key), member, inner.spec(), std::move(doc));
    } else {
      static_assert(std::is_same_v<M, std::optional<U>>);
      Spec<M> spec;
      spec.node = inner.spec().node;
      spec.node.type = "table, optional";
      spec.node.load = &detail::load_optional_section<U>;
      spec.node.render = &render_not_set;
      spec.node.describe_children = &detail::describe_optional_section<U>;
      return value(std::move(key), member, std::move(spec), std::move(doc));
    }
  }

  // An array of tables ([[key]]). Several keys may feed the same member (aliases): their
  // entries are appended in schema order.
  template <class U>
  Section& list(std::string key, std::vector<U> S::*member, const Section<U>& element,
                std::string doc) {
    auto spec = list_of(element.spec());
    spec.node.load = &detail::load_list<U, true>;
    return value(std::move(key), member, std::move(spec), std::move(doc));
  }

  // A table of user-named entries.
  template <class V>
  Section& map(std::string key, std::map<std::string, V> S::*member, const Spec<V>& entry,
               std::string doc, std::vector<Validator> key_rules = {}) {
    return value(std::move(key), member, map_of(entry, std::move(key_rules)), std::move(doc));
  }

  // An option that loads into the whole struct (for values spread over several members).
  Section& custom(std::string key, Spec<S> spec, std::string doc) {
    detail::add_field(spec_, std::move(key), std::move(doc), std::move(spec.node), 0, typeid(S),
                      typeid(void));
    return *this;
  }

  // The options (and cross-checks) of `inner` become options of this table, stored in `member`.
  template <class U>
  Section& merge(U S::*member, const Section<U>& inner) {
    detail::merge_into(spec_, inner.core(), detail::member_offset(member));
    return *this;
  }
  Section& merge(const Section<S>& other) {
    detail::merge_into(spec_, other.core(), 0);
    return *this;
  }

  // Modifiers of the option declared last.
  Section& required() {
    last().required = true;
    return *this;
  }
  Section& validated_only() {
    last().status = Status::kValidatedOnly;
    return *this;
  }
  // fn(const T&) -> bool, where T is the option's type or, for arrays and optionals, the
  // element type (then each element is checked). `expected` completes "expected …, got X".
  template <class F>
  Section& check(F fn, std::string expected) {
    using A = typename detail::FirstArg<F>::type;
    detail::add_step(
        last(), typeid(A), [fn](void* v) { return static_cast<bool>(fn(*static_cast<A*>(v))); },
        std::move(expected));
    return *this;
  }
  // fn(T&): converts the value after it is validated (same argument rule as check()).
  template <class F>
  Section& process(F fn) {
    using A = typename detail::FirstArg<F>::type;
    detail::add_step(
        last(), typeid(A),
        [fn](void* v) {
          fn(*static_cast<A*>(v));
          return true;
        },
        "");
    return *this;
  }

  // A check across options of this table; runs when none of `depends_on` (all options when
  // empty) had an error. It may also adjust the loaded struct.
  Section& cross_check(std::vector<std::string> depends_on,
                       std::function<void(S&, SectionCheck&)> fn) {
    spec_.cross_checks.push_back(
        {std::move(depends_on), 0,
         [fn = std::move(fn)](void* o, SectionCheck& c) { fn(*static_cast<S*>(o), c); }});
    return *this;
  }

  // Stores the keys present in the table, in file order (e.g. the enabled modules).
  Section& record_keys(std::vector<std::string> S::*member) {
    spec_.key_list_offset = detail::member_offset(member);
    return *this;
  }

  const SectionSpec& core() const { return spec_; }

  Spec<S> spec() const {
    Spec<S> s;
    s.node.type = "table";
    s.node.section = std::make_shared<const SectionSpec>(spec_);
    s.node.load = &load_section_node;
    s.node.describe_children = &describe_section_node;
    return s;
  }

 private:
  FieldSpec& last() {
    MEERKAT_CHECK(!spec_.fields.empty());
    return spec_.fields.back();
  }

  SectionSpec spec_;
};

}  // namespace meerkat::config
