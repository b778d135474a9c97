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

// How to load and document one value. Type-erased: `out` and `value` point to the C++ value.
struct NodeSpec {
  std::string type;  // for docs
  std::function<void(const RawNode&, void* out, LoadContext&)> load;
  std::function<std::string(const void* value)> render;  // the default, for docs; may be empty
  // Rows for what is inside a table-like value; may be empty.
  std::function<void(std::vector<OptionDoc>&, const std::string& path, Status, const void* value)>
      describe_children;
};

template <class T>
struct Spec {
  NodeSpec node;
};

// ---- the non-template core (schema.cpp) ------------------------------------------------------

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
  const char* range_name = nullptr;  // "positive", "non-negative", "port number (1-65535)"
  std::string unit;                  // docs only: "ms", "s"

  // "a positive integer or \"infinity\"" (with_article) or "positive integer or \"infinity\"".
  std::string describe(bool with_article) const;
};

ScalarRules compile_rules(ScalarKind kind, const std::vector<Validator>& validators,
                          std::optional<std::int64_t> type_min,
                          std::optional<std::int64_t> type_max, std::string unit);

enum class ScalarCheck { kInvalid, kValue, kInfinity };
// Checks type and validators, reporting any error at the current path.
ScalarCheck check_scalar(const RawNode& raw, const ScalarRules& rules, LoadContext& ctx);
// Checks that `raw` is an array (and non-empty when required).
bool check_array(const RawNode& raw, const ScalarRules& rules, LoadContext& ctx);
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
  std::function<void*(void*)> member;
  std::function<const void*(const void*)> const_member;
  std::type_index value_type = typeid(void);
  std::type_index element_type = typeid(void);
  std::function<std::size_t(const void*)> element_count;
  std::function<void*(void*, std::size_t)> element_at;
  std::vector<PostStep> steps;
};

struct CrossCheck {
  std::vector<std::string> depends_on;  // empty: runs only if no option of the table failed
  std::function<void(void*, SectionCheck&)> fn;
};

struct SectionSpec {
  std::vector<FieldSpec> fields;
  std::vector<CrossCheck> cross_checks;
  std::function<std::shared_ptr<void>()> make_default;
  std::function<std::vector<std::string>*(void*)> key_list;
};

void load_section(const SectionSpec& spec, const RawNode& raw, void* object, LoadContext& ctx);
void describe_section(const SectionSpec& spec, std::vector<OptionDoc>& rows,
                      const std::string& path, Status status, const void* defaults);
// The key closest to `key` by edit distance, or "" when none is close.
std::string closest_key(std::string_view key, const std::vector<std::string>& known);

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
  element.non_empty = false;
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

}  // namespace detail

// The spec of a scalar, an array of scalars, or an optional of either, from the member type.
template <class T>
Spec<T> value_spec(const std::vector<Validator>& validators) {
  Spec<T> spec;
  if constexpr (detail::IsOptional<T>::value) {
    using U = typename detail::IsOptional<T>::type;
    if constexpr (detail::IsVector<U>::value) {
      using E = typename detail::IsVector<U>::type;
      auto rules = detail::scalar_rules<E>(validators);
      MEERKAT_CHECK(!rules.infinity);
      spec.node.type = "array of " + rules.describe(false);
      spec.node.load = [rules](const RawNode& raw, void* out, LoadContext& ctx) {
        U values;
        detail::load_array(raw, values, rules, ctx);
        *static_cast<T*>(out) = std::move(values);
      };
      spec.node.render = [rules](const void* v) {
        const auto& o = *static_cast<const T*>(v);
        return o ? detail::render_array(*o, rules) : std::string("not set");
      };
    } else {
      auto rules = detail::scalar_rules<U>(validators);
      spec.node.type = rules.describe(false);
      spec.node.load = [rules](const RawNode& raw, void* out, LoadContext& ctx) {
        auto& o = *static_cast<T*>(out);
        switch (check_scalar(raw, rules, ctx)) {
          case ScalarCheck::kValue: o = detail::scalar_value<U>(raw, rules); break;
          case ScalarCheck::kInfinity: o.reset(); break;
          case ScalarCheck::kInvalid: break;
        }
      };
      spec.node.render = [rules](const void* v) {
        const auto& o = *static_cast<const T*>(v);
        if (o) return detail::scalar_render(*o, rules);
        return std::string(rules.infinity ? "\"infinity\"" : "not set");
      };
    }
  } else if constexpr (detail::IsVector<T>::value) {
    using E = typename detail::IsVector<T>::type;
    auto rules = detail::scalar_rules<E>(validators);
    MEERKAT_CHECK(!rules.infinity);
    spec.node.type = "array of " + rules.describe(false);
    spec.node.load = [rules](const RawNode& raw, void* out, LoadContext& ctx) {
      detail::load_array(raw, *static_cast<T*>(out), rules, ctx);
    };
    spec.node.render = [rules](const void* v) {
      return detail::render_array(*static_cast<const T*>(v), rules);
    };
  } else {
    auto rules = detail::scalar_rules<T>(validators);
    MEERKAT_CHECK(!rules.infinity);  // "infinity" needs a std::optional member
    spec.node.type = rules.describe(false);
    spec.node.load = [rules](const RawNode& raw, void* out, LoadContext& ctx) {
      if (check_scalar(raw, rules, ctx) == ScalarCheck::kValue) {
        *static_cast<T*>(out) = detail::scalar_value<T>(raw, rules);
      }
    };
    spec.node.render = [rules](const void* v) {
      return detail::scalar_render(*static_cast<const T*>(v), rules);
    };
  }
  return spec;
}

// A value with its own loading rules (e.g. a port that may also be "unix:/path").
template <class T>
Spec<T> custom_spec(std::string type, std::function<void(const RawNode&, T&, LoadContext&)> load,
                    std::function<std::string(const T&)> render) {
  Spec<T> spec;
  spec.node.type = std::move(type);
  spec.node.load = [load](const RawNode& raw, void* out, LoadContext& ctx) {
    load(raw, *static_cast<T*>(out), ctx);
  };
  if (render) {
    spec.node.render = [render](const void* v) { return render(*static_cast<const T*>(v)); };
  }
  return spec;
}

// An array of tables, each loaded with `element`; replaces the default.
template <class U>
Spec<std::vector<U>> list_of(const Spec<U>& element);

// A table whose keys the user chooses (shaper names, acl names, …).
template <class V>
Spec<std::map<std::string, V>> map_of(const Spec<V>& value, std::vector<Validator> key_rules = {});

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
}  // namespace detail

// The options of one TOML table, bound to the struct S.
template <class S>
class Section {
 public:
  Section() {
    spec_.make_default = [] { return std::static_pointer_cast<void>(std::make_shared<S>()); };
  }

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
    FieldSpec f;
    f.key = std::move(key);
    f.doc = std::move(doc);
    f.value = std::move(spec.node);
    f.member = [member](void* o) -> void* { return &(static_cast<S*>(o)->*member); };
    f.const_member = [member](const void* o) -> const void* {
      return &(static_cast<const S*>(o)->*member);
    };
    f.value_type = typeid(T);
    if constexpr (detail::IsVector<T>::value) {
      f.element_type = typeid(typename detail::IsVector<T>::type);
      f.element_count = [](const void* v) { return static_cast<const T*>(v)->size(); };
      f.element_at = [](void* v, std::size_t i) -> void* { return &(*static_cast<T*>(v))[i]; };
    } else if constexpr (detail::IsOptional<T>::value) {
      f.element_type = typeid(typename detail::IsOptional<T>::type);
      f.element_count = [](const void* v) -> std::size_t {
        return static_cast<const T*>(v)->has_value() ? 1 : 0;
      };
      f.element_at = [](void* v, std::size_t) -> void* { return &**static_cast<T*>(v); };
    }
    spec_.fields.push_back(std::move(f));
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
      return value(std::move(key), member, optional_spec(inner), std::move(doc));
    }
  }

  // An array of tables ([[key]]). Several keys may feed the same member (aliases): their
  // entries are appended in schema order.
  template <class U>
  Section& list(std::string key, std::vector<U> S::*member, const Section<U>& element,
                std::string doc) {
    auto spec = list_of(element.spec());
    auto load = spec.node.load;
    spec.node.load = [load](const RawNode& raw, void* out, LoadContext& ctx) {
      auto& target = *static_cast<std::vector<U>*>(out);
      std::vector<U> values;
      load(raw, &values, ctx);
      for (auto& v : values) target.push_back(std::move(v));
    };
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
    FieldSpec f;
    f.key = std::move(key);
    f.doc = std::move(doc);
    f.value = std::move(spec.node);
    f.member = [](void* o) { return o; };
    f.const_member = [](const void* o) { return o; };
    f.value_type = typeid(S);
    spec_.fields.push_back(std::move(f));
    return *this;
  }

  // The options (and cross-checks) of `inner` become options of this table, stored in `member`.
  template <class U>
  Section& merge(U S::*member, const Section<U>& inner) {
    for (FieldSpec f : inner.core().fields) {
      f.member = [member, m = f.member](void* o) { return m(&(static_cast<S*>(o)->*member)); };
      f.const_member = [member, m = f.const_member](const void* o) {
        return m(&(static_cast<const S*>(o)->*member));
      };
      spec_.fields.push_back(std::move(f));
    }
    for (CrossCheck c : inner.core().cross_checks) {
      c.fn = [member, fn = c.fn](void* o, SectionCheck& check) {
        fn(&(static_cast<S*>(o)->*member), check);
      };
      spec_.cross_checks.push_back(std::move(c));
    }
    return *this;
  }
  Section& merge(const Section<S>& other) {
    for (const auto& f : other.core().fields) spec_.fields.push_back(f);
    for (const auto& c : other.core().cross_checks) spec_.cross_checks.push_back(c);
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
        {std::move(depends_on),
         [fn = std::move(fn)](void* o, SectionCheck& c) { fn(*static_cast<S*>(o), c); }});
    return *this;
  }

  // Stores the keys present in the table, in file order (e.g. the enabled modules).
  Section& record_keys(std::vector<std::string> S::*member) {
    spec_.key_list = [member](void* o) { return &(static_cast<S*>(o)->*member); };
    return *this;
  }

  const SectionSpec& core() const { return spec_; }

  Spec<S> spec() const {
    auto core = std::make_shared<const SectionSpec>(spec_);
    Spec<S> s;
    s.node.type = "table";
    s.node.load = [core](const RawNode& raw, void* out, LoadContext& ctx) {
      load_section(*core, raw, out, ctx);
    };
    s.node.describe_children = [core](std::vector<OptionDoc>& rows, const std::string& path,
                                      Status status, const void* v) {
      describe_section(*core, rows, path, status, v);
    };
    return s;
  }

 private:
  FieldSpec& last() {
    MEERKAT_CHECK(!spec_.fields.empty());
    return spec_.fields.back();
  }

  template <class U>
  static Spec<std::optional<U>> optional_spec(const Section<U>& inner) {
    auto s = inner.spec();
    Spec<std::optional<U>> out;
    out.node.type = "table, optional";
    out.node.load = [load = s.node.load](const RawNode& raw, void* o, LoadContext& ctx) {
      auto& opt = *static_cast<std::optional<U>*>(o);
      opt.emplace();
      load(raw, &*opt, ctx);
    };
    out.node.render = [](const void*) { return std::string("not set"); };
    out.node.describe_children = [d = s.node.describe_children](std::vector<OptionDoc>& rows,
                                                                const std::string& path,
                                                                Status status, const void* v) {
      const auto& opt = *static_cast<const std::optional<U>*>(v);
      U defaults = opt ? *opt : U{};
      d(rows, path, status, &defaults);
    };
    return out;
  }

  SectionSpec spec_;
};

template <class U>
Spec<std::vector<U>> list_of(const Spec<U>& element) {
  Spec<std::vector<U>> out;
  out.node.type = "array of tables";
  out.node.load = [load = element.node.load](const RawNode& raw, void* o, LoadContext& ctx) {
    if (!raw.is_array()) {
      ctx.error(raw.pos, "expected an array of tables, got " + std::string(kind_name(raw.kind)));
      return;
    }
    auto& values = *static_cast<std::vector<U>*>(o);
    values.clear();
    for (std::size_t i = 0; i < raw.array.size(); ++i) {
      auto scope = ctx.index(i + 1);
      U value{};
      load(raw.array[i], &value, ctx);
      values.push_back(std::move(value));
    }
  };
  out.node.render = [](const void* v) {
    return static_cast<const std::vector<U>*>(v)->empty() ? std::string("[]") : std::string();
  };
  if (element.node.describe_children) {
    out.node.describe_children = [d = element.node.describe_children](std::vector<OptionDoc>& rows,
                                                                      const std::string& path,
                                                                      Status status, const void*) {
      U defaults{};
      d(rows, path + "[]", status, &defaults);
    };
  }
  return out;
}

void check_map_key(const RawEntry& entry, const ScalarRules& rules, LoadContext& ctx, bool& ok);

template <class V>
Spec<std::map<std::string, V>> map_of(const Spec<V>& value, std::vector<Validator> key_rules) {
  auto rules = compile_rules(ScalarKind::kString, key_rules, std::nullopt, std::nullopt, "");
  Spec<std::map<std::string, V>> out;
  out.node.type = "table of named entries";
  out.node.load = [load = value.node.load, rules](const RawNode& raw, void* o, LoadContext& ctx) {
    if (!raw.is_table()) {
      ctx.error(raw.pos, "expected a table, got " + std::string(kind_name(raw.kind)));
      return;
    }
    auto& values = *static_cast<std::map<std::string, V>*>(o);
    for (const auto& entry : raw.table) {
      auto scope = ctx.key(entry.key);
      bool ok = true;
      check_map_key(entry, rules, ctx, ok);
      V v{};
      load(entry.value, &v, ctx);
      if (ok) values.insert_or_assign(entry.key, std::move(v));
    }
  };
  out.node.render = [](const void* v) {
    return static_cast<const std::map<std::string, V>*>(v)->empty() ? std::string("{}")
                                                                    : std::string();
  };
  out.node.describe_children = [node = value.node](std::vector<OptionDoc>& rows,
                                                   const std::string& path, Status status,
                                                   const void*) {
    V defaults{};
    auto entry_path = path + ".<name>";
    if (node.render || !node.describe_children) {
      rows.push_back(
          {entry_path, node.type, node.render ? node.render(&defaults) : "", status, "One entry."});
    }
    if (node.describe_children) node.describe_children(rows, entry_path, status, &defaults);
  };
  return out;
}

}  // namespace meerkat::config
