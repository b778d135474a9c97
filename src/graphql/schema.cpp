// SPDX-License-Identifier: Apache-2.0
#include "graphql/schema.hpp"

#include <algorithm>

#include "graphql/parser.hpp"

namespace meerkat::graphql {

namespace {

// The built-in scalars and directives (§3.5, §3.13) and the introspection types (§4.5), in the
// schema language: every schema starts from these.
constexpr std::string_view kBuiltins = R"graphql(
"A signed 32-bit integer."
scalar Int
"A double-precision floating-point number."
scalar Float
"A sequence of Unicode characters (UTF-8 on the wire)."
scalar String
"true or false."
scalar Boolean
"An opaque identifier, serialized as a string."
scalar ID

"Includes the selection only when `if` is true."
directive @include("Whether to include it." if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
"Leaves the selection out when `if` is true."
directive @skip("Whether to leave it out." if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
"Marks an element of the schema as no longer recommended."
directive @deprecated(
  "Why, and what to use instead."
  reason: String = "No longer supported"
) on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
"Links to the specification of a custom scalar."
directive @specifiedBy("The specification's address." url: String!) on SCALAR

"What the server's schema holds: its types, root operation types and directives."
type __Schema {
  description: String
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives: [__Directive!]!
}

"A type of the schema, or a list or non-null wrapper around one."
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  specifiedByURL: String
  fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields(includeDeprecated: Boolean = false): [__InputValue!]
  ofType: __Type
}

"The kinds of types."
enum __TypeKind {
  SCALAR
  OBJECT
  INTERFACE
  UNION
  ENUM
  INPUT_OBJECT
  LIST
  NON_NULL
}

"A field of an object or interface type."
type __Field {
  name: String!
  description: String
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}

"An argument or input field, with its default value written as a GraphQL literal."
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
  isDeprecated: Boolean!
  deprecationReason: String
}

"A value of an enum type."
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}

"A directive the server understands, and where it may appear."
type __Directive {
  name: String!
  description: String
  isRepeatable: Boolean!
  locations: [__DirectiveLocation!]!
  args(includeDeprecated: Boolean = false): [__InputValue!]!
}

"Where a directive may appear."
enum __DirectiveLocation {
  QUERY
  MUTATION
  SUBSCRIPTION
  FIELD
  FRAGMENT_DEFINITION
  FRAGMENT_SPREAD
  INLINE_FRAGMENT
  VARIABLE_DEFINITION
  SCHEMA
  SCALAR
  OBJECT
  FIELD_DEFINITION
  ARGUMENT_DEFINITION
  INTERFACE
  UNION
  ENUM
  ENUM_VALUE
  INPUT_OBJECT
  INPUT_FIELD_DEFINITION
}
)graphql";

template <class List>
auto find_named(const List& list, std::string_view name) -> decltype(&list.front()) {
  auto it = std::find_if(list.begin(), list.end(), [&](const auto& x) { return x.name == name; });
  return it == list.end() ? nullptr : &*it;
}

std::optional<std::string> deprecation(const std::vector<Directive>& directives) {
  auto* d = find_named(directives, "deprecated");
  if (!d) return std::nullopt;
  auto* reason = find_named(d->arguments, "reason");
  return reason ? reason->value.text : std::string("No longer supported");
}

GraphqlError unknown_type(const std::string& owner, const TypeRef& ref) {
  return {"Unknown type \"" + ref.named() + "\" used by " + owner + ".", {}};
}

}  // namespace

std::string TypeRef::to_string() const {
  std::string s = item ? "[" + item->to_string() + "]" : name;
  return non_null ? s + "!" : s;
}

const InputValueDef* FieldDef::argument(std::string_view arg) const {
  return find_named(arguments, arg);
}
const Directive* FieldDef::directive(std::string_view d) const { return find_named(directives, d); }
std::optional<std::string> FieldDef::deprecation_reason() const { return deprecation(directives); }

const FieldDef* TypeDef::field(std::string_view f) const { return find_named(fields, f); }
const InputValueDef* TypeDef::input_field(std::string_view f) const {
  return find_named(input_fields, f);
}
bool TypeDef::has_enum_value(std::string_view v) const {
  return find_named(enum_values, v) != nullptr;
}
const Directive* TypeDef::directive(std::string_view d) const { return find_named(directives, d); }

const InputValueDef* DirectiveDef::argument(std::string_view arg) const {
  return find_named(arguments, arg);
}

boost::system::result<Schema, GraphqlError> Schema::parse(std::string_view sdl) {
  Schema schema;
  if (auto r = parse_schema_into(kBuiltins, schema); !r) return r.error();
  if (auto r = parse_schema_into(sdl, schema); !r) return r.error();
  // Without a schema block the roots go by their conventional names (§3.3.1).
  static constexpr std::string_view kDefaults[] = {"Query", "Mutation", "Subscription"};
  for (int i = 0; i < 3; ++i) {
    if (schema.roots_[i].empty() && schema.type(kDefaults[i])) {
      schema.roots_[i] = std::string(kDefaults[i]);
    }
  }
  if (auto r = schema.check(); !r) return r.error();
  return schema;
}

boost::system::result<void, GraphqlError> Schema::check() const {
  if (!root(OperationType::kQuery)) return GraphqlError{"The schema has no query type.", {}};
  for (const auto& t : types_) {
    for (const auto& f : t.fields) {
      if (!is_output_type(*this, f.type)) return unknown_type(t.name + "." + f.name, f.type);
      for (const auto& a : f.arguments) {
        if (!is_input_type(*this, a.type)) {
          return unknown_type(t.name + "." + f.name + "(" + a.name + ")", a.type);
        }
      }
    }
    for (const auto& f : t.input_fields) {
      if (!is_input_type(*this, f.type)) return unknown_type(t.name + "." + f.name, f.type);
    }
    for (const auto& m : t.members) {
      auto* member = type(m);
      if (!member || member->kind != TypeKind::kObject) {
        return GraphqlError{"Union " + t.name + " has a member that is no object type: " + m, {}};
      }
    }
  }
  for (int i = 0; i < 3; ++i) {
    if (!roots_[i].empty() && (!type(roots_[i]) || type(roots_[i])->kind != TypeKind::kObject)) {
      return GraphqlError{"Root type " + roots_[i] + " is no object type.", {}};
    }
  }
  return {};
}

const TypeDef* Schema::type(std::string_view name) const {
  auto it = type_index_.find(std::string(name));
  return it == type_index_.end() ? nullptr : &types_[it->second];
}

const DirectiveDef* Schema::directive(std::string_view name) const {
  return find_named(directives_, name);
}

std::string_view Schema::root_name(OperationType operation) const {
  return roots_[static_cast<int>(operation)];
}

const TypeDef* Schema::root(OperationType operation) const {
  auto name = root_name(operation);
  return name.empty() ? nullptr : type(name);
}

std::vector<const TypeDef*> Schema::possible_types(const TypeDef& abstract) const {
  std::vector<const TypeDef*> out;
  if (abstract.kind == TypeKind::kUnion) {
    for (const auto& m : abstract.members) out.push_back(type(m));
  } else if (abstract.kind == TypeKind::kInterface) {
    for (const auto& t : types_) {
      if (t.kind == TypeKind::kObject && std::find(t.interfaces.begin(), t.interfaces.end(),
                                                   abstract.name) != t.interfaces.end()) {
        out.push_back(&t);
      }
    }
  } else if (abstract.kind == TypeKind::kObject) {
    out.push_back(&abstract);
  }
  return out;
}

bool Schema::is_possible_type(const TypeDef& abstract, const TypeDef& object) const {
  auto all = possible_types(abstract);
  return std::find(all.begin(), all.end(), &object) != all.end();
}

bool Schema::set_scalar_coercion(std::string_view scalar, ScalarCoercion coerce) {
  auto it = type_index_.find(std::string(scalar));
  if (it == type_index_.end() || types_[it->second].kind != TypeKind::kScalar) return false;
  types_[it->second].coerce = std::move(coerce);
  return true;
}

bool Schema::add_type(TypeDef type) {
  if (type_index_.count(type.name)) return false;
  type_index_.emplace(type.name, types_.size());
  types_.push_back(std::move(type));
  return true;
}

bool Schema::add_directive(DirectiveDef directive) {
  if (find_named(directives_, directive.name)) return false;
  directives_.push_back(std::move(directive));
  return true;
}

void Schema::set_root(OperationType operation, std::string name) {
  roots_[static_cast<int>(operation)] = std::move(name);
}

bool is_input_type(const Schema& schema, const TypeRef& ref) {
  auto* t = schema.type(ref.named());
  return t && (t->kind == TypeKind::kScalar || t->kind == TypeKind::kEnum ||
               t->kind == TypeKind::kInputObject);
}

bool is_output_type(const Schema& schema, const TypeRef& ref) {
  auto* t = schema.type(ref.named());
  return t && t->kind != TypeKind::kInputObject;
}

bool is_leaf(const TypeDef& type) {
  return type.kind == TypeKind::kScalar || type.kind == TypeKind::kEnum;
}

bool is_composite(const TypeDef& type) {
  return type.kind == TypeKind::kObject || type.kind == TypeKind::kInterface ||
         type.kind == TypeKind::kUnion;
}

}  // namespace meerkat::graphql
