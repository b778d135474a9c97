// SPDX-License-Identifier: Apache-2.0
// The declarative config schema (STYLE.md "Configuration"): every option is declared once, with
// its key, validators and doc, and bound by member pointer to a typed options struct that holds
// its default. Loaders turn a file into a RawNode tree; load_section() walks it with a schema,
// filling the struct and collecting every error. The same schema renders the reference docs.
//
// Only schema definitions (the *_schema.cpp files) include this header: the templates here are
// thin wrappers over the type-erased core in schema_core.hpp and value_spec.hpp.
#pragma once

#include "config/schema_core.hpp"
#include "config/value_spec.hpp"

namespace meerkat::config {

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
