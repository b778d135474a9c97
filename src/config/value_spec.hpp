// SPDX-License-Identifier: Apache-2.0
// Typed value specs of the config schema: how a C++ member type (bool, integers, strings,
// enums, std::chrono durations, std::optional, std::vector, maps, lists of tables) is loaded,
// checked and rendered. Each function is instantiated once per C++ type, not once per option.
#pragma once

#include "config/schema_core.hpp"

namespace meerkat::config {

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

}  // namespace meerkat::config
