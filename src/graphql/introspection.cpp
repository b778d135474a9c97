// SPDX-License-Identifier: Apache-2.0
#include "graphql/introspection.hpp"

#include "graphql/input_values.hpp"

namespace meerkat::graphql {

namespace json = boost::json;

namespace {

json::value text_or_null(const std::string& s) {
  return s.empty() ? json::value() : json::value(json::string(s));
}

json::value deprecation_of(const std::vector<Directive>& directives) {
  for (const auto& d : directives) {
    if (d.name != "deprecated") continue;
    for (const auto& a : d.arguments) {
      if (a.name == "reason") return json::string(a.value.text);
    }
    return json::string("No longer supported");
  }
  return nullptr;
}

bool wants_deprecated(const json::object& args) {
  const auto* v = args.if_contains("includeDeprecated");
  return v && v->is_bool() && v->as_bool();
}

class InputValueSource final : public ObjectSource {
 public:
  InputValueSource(const Schema& schema, const InputValueDef& def) : schema_(schema), def_(def) {}
  std::string type_name() const override { return "__InputValue"; }
  Resolved field(const std::string& name, const json::object&) const override {
    if (name == "name") return json::value(json::string(def_.name));
    if (name == "description") return text_or_null(def_.description);
    if (name == "type") return Resolved::of(introspect_type(schema_, def_.type));
    if (name == "defaultValue") {
      return def_.default_value ? json::value(json::string(print_value(*def_.default_value)))
                                : json::value();
    }
    if (name == "isDeprecated") return json::value(!deprecation_of(def_.directives).is_null());
    if (name == "deprecationReason") return deprecation_of(def_.directives);
    return {};
  }

 private:
  const Schema& schema_;
  const InputValueDef& def_;
};

Resolved input_values(const Schema& schema, const std::vector<InputValueDef>& defs,
                      const json::object& args) {
  std::vector<Resolved> out;
  for (const auto& d : defs) {
    if (!wants_deprecated(args) && !deprecation_of(d.directives).is_null()) continue;
    out.push_back(Resolved::of(std::make_shared<InputValueSource>(schema, d)));
  }
  return Resolved::of(std::move(out));
}

class FieldSource final : public ObjectSource {
 public:
  FieldSource(const Schema& schema, const FieldDef& def) : schema_(schema), def_(def) {}
  std::string type_name() const override { return "__Field"; }
  Resolved field(const std::string& name, const json::object& args) const override {
    if (name == "name") return json::value(json::string(def_.name));
    if (name == "description") return text_or_null(def_.description);
    if (name == "args") return input_values(schema_, def_.arguments, args);
    if (name == "type") return Resolved::of(introspect_type(schema_, def_.type));
    if (name == "isDeprecated") return json::value(!deprecation_of(def_.directives).is_null());
    if (name == "deprecationReason") return deprecation_of(def_.directives);
    return {};
  }

 private:
  const Schema& schema_;
  const FieldDef& def_;
};

class EnumValueSource final : public ObjectSource {
 public:
  explicit EnumValueSource(const EnumValueDef& def) : def_(def) {}
  std::string type_name() const override { return "__EnumValue"; }
  Resolved field(const std::string& name, const json::object&) const override {
    if (name == "name") return json::value(json::string(def_.name));
    if (name == "description") return text_or_null(def_.description);
    if (name == "isDeprecated") return json::value(!deprecation_of(def_.directives).is_null());
    if (name == "deprecationReason") return deprecation_of(def_.directives);
    return {};
  }

 private:
  const EnumValueDef& def_;
};

class TypeSource final : public ObjectSource {
 public:
  TypeSource(const Schema& schema, TypeRef ref) : schema_(schema), ref_(std::move(ref)) {}
  std::string type_name() const override { return "__Type"; }
  Resolved field(const std::string& name, const json::object& args) const override;

 private:
  const TypeDef* named() const {
    return ref_.non_null || ref_.is_list() ? nullptr : schema_.type(ref_.name);
  }
  json::value kind() const;
  Resolved fields(const TypeDef& t, const json::object& args) const;
  Resolved types(const std::vector<const TypeDef*>& list) const;

  const Schema& schema_;
  TypeRef ref_;
};

json::value TypeSource::kind() const {
  if (ref_.non_null) return json::string("NON_NULL");
  if (ref_.is_list()) return json::string("LIST");
  static constexpr std::string_view kKinds[] = {"SCALAR", "OBJECT", "INTERFACE",
                                                "UNION",  "ENUM",   "INPUT_OBJECT"};
  return json::string(kKinds[static_cast<int>(named()->kind)]);
}

Resolved TypeSource::fields(const TypeDef& t, const json::object& args) const {
  std::vector<Resolved> out;
  for (const auto& f : t.fields) {
    if (!wants_deprecated(args) && !deprecation_of(f.directives).is_null()) continue;
    out.push_back(Resolved::of(std::make_shared<FieldSource>(schema_, f)));
  }
  return Resolved::of(std::move(out));
}

Resolved TypeSource::types(const std::vector<const TypeDef*>& list) const {
  std::vector<Resolved> out;
  for (const auto* t : list) {
    out.push_back(Resolved::of(introspect_type(schema_, {t->name, nullptr, false})));
  }
  return Resolved::of(std::move(out));
}

Resolved TypeSource::field(const std::string& name, const json::object& args) const {
  if (name == "kind") return kind();
  if (name == "ofType") {
    if (ref_.non_null) {
      TypeRef inner = ref_;
      inner.non_null = false;
      return Resolved::of(introspect_type(schema_, inner));
    }
    if (ref_.is_list()) return Resolved::of(introspect_type(schema_, *ref_.item));
    return {};
  }
  const TypeDef* t = named();
  if (!t) return {};
  if (name == "name") return json::value(json::string(t->name));
  if (name == "description") return text_or_null(t->description);
  if (name == "specifiedByURL") return {};
  bool has_fields = t->kind == TypeKind::kObject || t->kind == TypeKind::kInterface;
  if (name == "fields") return has_fields ? fields(*t, args) : Resolved();
  if (name == "interfaces") {
    if (!has_fields) return {};
    std::vector<const TypeDef*> list;
    for (const auto& i : t->interfaces) list.push_back(schema_.type(i));
    return types(list);
  }
  if (name == "possibleTypes") {
    if (t->kind != TypeKind::kInterface && t->kind != TypeKind::kUnion) return {};
    return types(schema_.possible_types(*t));
  }
  if (name == "enumValues") {
    if (t->kind != TypeKind::kEnum) return {};
    std::vector<Resolved> out;
    for (const auto& v : t->enum_values) {
      if (!wants_deprecated(args) && !deprecation_of(v.directives).is_null()) continue;
      out.push_back(Resolved::of(std::make_shared<EnumValueSource>(v)));
    }
    return Resolved::of(std::move(out));
  }
  if (name == "inputFields") {
    if (t->kind != TypeKind::kInputObject) return {};
    return input_values(schema_, t->input_fields, args);
  }
  return {};
}

class DirectiveSource final : public ObjectSource {
 public:
  DirectiveSource(const Schema& schema, const DirectiveDef& def) : schema_(schema), def_(def) {}
  std::string type_name() const override { return "__Directive"; }
  Resolved field(const std::string& name, const json::object& args) const override {
    if (name == "name") return json::value(json::string(def_.name));
    if (name == "description") return text_or_null(def_.description);
    if (name == "isRepeatable") return json::value(def_.repeatable);
    if (name == "locations") {
      json::array out;
      for (const auto& l : def_.locations) out.emplace_back(json::string(l));
      return json::value(std::move(out));
    }
    if (name == "args") return input_values(schema_, def_.arguments, args);
    return {};
  }

 private:
  const Schema& schema_;
  const DirectiveDef& def_;
};

class SchemaSource final : public ObjectSource {
 public:
  explicit SchemaSource(const Schema& schema) : schema_(schema) {}
  std::string type_name() const override { return "__Schema"; }
  Resolved field(const std::string& name, const json::object&) const override {
    if (name == "types") {
      std::vector<Resolved> out;
      for (const auto& t : schema_.types()) {
        out.push_back(Resolved::of(introspect_type(schema_, {t.name, nullptr, false})));
      }
      return Resolved::of(std::move(out));
    }
    if (name == "queryType") return root(OperationType::kQuery);
    if (name == "mutationType") return root(OperationType::kMutation);
    if (name == "subscriptionType") return root(OperationType::kSubscription);
    if (name == "directives") {
      std::vector<Resolved> out;
      for (const auto& d : schema_.directives()) {
        out.push_back(Resolved::of(std::make_shared<DirectiveSource>(schema_, d)));
      }
      return Resolved::of(std::move(out));
    }
    return {};
  }

 private:
  Resolved root(OperationType operation) const {
    auto name = schema_.root_name(operation);
    if (name.empty()) return {};
    return Resolved::of(introspect_type(schema_, {std::string(name), nullptr, false}));
  }
  const Schema& schema_;
};

}  // namespace

std::shared_ptr<const ObjectSource> introspect_schema(const Schema& schema) {
  return std::make_shared<SchemaSource>(schema);
}

std::shared_ptr<const ObjectSource> introspect_type(const Schema& schema, const TypeRef& type) {
  return std::make_shared<TypeSource>(schema, type);
}

}  // namespace meerkat::graphql
