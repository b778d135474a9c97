// SPDX-License-Identifier: Apache-2.0
// Messages follow graphql-js's wording where a rule has one, so that clients and their tools
// show what they would show against other GraphQL servers.
#include "graphql/validation.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "graphql/input_values.hpp"

namespace meerkat::graphql {

namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

struct VariableUsage {
  std::string name;
  TypeRef type;
  bool location_has_default = false;
  Location location;
};

// What one operation or fragment definition uses, for the rules that need the whole document.
struct DefinitionFacts {
  std::vector<VariableUsage> variables;
  std::set<std::string> spreads;
};

using FieldList = std::vector<std::pair<const TypeDef*, const Selection*>>;

// Fields sharing a response name are compared pairwise up to this many.
constexpr std::size_t kAllPairsUpTo = 32;

class Validator {
 public:
  Validator(const Schema& schema, const Document& document)
      : schema_(schema), document_(document) {}

  std::vector<GraphqlError> run();

 private:
  void error(std::string message, std::vector<Location> at) {
    errors_.push_back({std::move(message), std::move(at)});
  }
  const FragmentDefinition* fragment(std::string_view name) const {
    for (const auto& f : document_.fragments) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }

  void check_operation(const OperationDefinition& op, DefinitionFacts& facts);
  void check_variable_definitions(const OperationDefinition& op);
  void check_subscription(const OperationDefinition& op, const TypeDef* root);
  void check_fragment(const FragmentDefinition& f);
  void check_fragment_cycles();
  void check_variables(const OperationDefinition& op, const DefinitionFacts& facts);
  void closure(const std::string& name, std::set<std::string>& seen) const;

  void selection_set(const TypeDef* parent, const std::vector<Selection>& set);
  void field(const TypeDef& parent, const Selection& s);
  void fragment_spread(const TypeDef* parent, const Selection& s);
  void inline_fragment(const TypeDef* parent, const Selection& s);
  void check_spread_possible(const TypeDef* parent, const TypeDef* condition,
                             const std::string& what, Location at);
  void directives(const std::vector<Directive>& list, std::string_view location);
  void arguments(const std::vector<Argument>& given, const std::vector<InputValueDef>& defined,
                 const std::string& owner, Location at, bool is_directive);
  void value(const Value& v, const TypeRef& type, bool location_has_default);
  void input_object(const Value& v, const TypeDef& type);

  void check_merge(const TypeDef* parent, const std::vector<Selection>& set);
  void check_pair(const TypeDef* parent_a, const Selection& a, const TypeDef* parent_b,
                  const Selection& b, bool exclusive);
  const FieldDef* field_def(const TypeDef* parent, const std::string& name) const;
  void gather(const TypeDef* parent, const std::vector<Selection>& set, FieldList& out,
              std::set<std::string>& fragments) const;

  const Schema& schema_;
  const Document& document_;
  std::vector<GraphqlError> errors_;
  DefinitionFacts* facts_ = nullptr;  // of the definition being walked
  std::map<std::string, DefinitionFacts> fragment_facts_;
};

std::vector<GraphqlError> Validator::run() {
  std::set<std::string> names;
  std::vector<DefinitionFacts> operation_facts(document_.operations.size());
  for (std::size_t i = 0; i < document_.operations.size(); ++i) {
    const auto& op = document_.operations[i];
    if (op.name.empty() && document_.operations.size() > 1) {
      error("This anonymous operation must be the only defined operation.", {op.location});
    }
    if (!op.name.empty() && !names.insert(op.name).second) {
      error("There can be only one operation named " + quoted(op.name) + ".", {op.location});
    }
    check_operation(op, operation_facts[i]);
  }
  std::set<std::string> fragment_names;
  for (const auto& f : document_.fragments) {
    if (!fragment_names.insert(f.name).second) {
      error("There can be only one fragment named " + quoted(f.name) + ".", {f.location});
    }
    check_fragment(f);
  }
  check_fragment_cycles();
  std::set<std::string> used;
  for (std::size_t i = 0; i < document_.operations.size(); ++i) {
    for (const auto& name : operation_facts[i].spreads) closure(name, used);
    check_variables(document_.operations[i], operation_facts[i]);
  }
  for (const auto& f : document_.fragments) {
    if (!used.count(f.name)) error("Fragment " + quoted(f.name) + " is never used.", {f.location});
  }
  return std::move(errors_);
}

void Validator::check_operation(const OperationDefinition& op, DefinitionFacts& facts) {
  static constexpr std::string_view kLocations[] = {"QUERY", "MUTATION", "SUBSCRIPTION"};
  static constexpr std::string_view kNames[] = {"query", "mutation", "subscription"};
  auto index = static_cast<int>(op.type);
  facts_ = &facts;
  check_variable_definitions(op);
  directives(op.directives, kLocations[index]);
  const TypeDef* root = schema_.root(op.type);
  if (!root) {
    error("Schema is not configured to execute " + std::string(kNames[index]) + " operation.",
          {op.location});
  }
  if (op.type == OperationType::kSubscription) check_subscription(op, root);
  selection_set(root, op.selection_set);
  facts_ = nullptr;
}

void Validator::check_variable_definitions(const OperationDefinition& op) {
  std::set<std::string> names;
  for (const auto& var : op.variables) {
    if (!names.insert(var.name).second) {
      error("There can be only one variable named \"$" + var.name + "\".", {var.location});
    }
    if (!schema_.type(var.type.named())) {
      error("Unknown type " + quoted(var.type.named()) + ".", {var.location});
    } else if (!is_input_type(schema_, var.type)) {
      error("Variable \"$" + var.name + "\" cannot be non-input type " +
                quoted(var.type.to_string()) + ".",
            {var.location});
    } else if (var.default_value) {
      value(*var.default_value, var.type, false);
    }
    directives(var.directives, "VARIABLE_DEFINITION");
  }
}

void Validator::check_subscription(const OperationDefinition& op, const TypeDef* root) {
  FieldList fields;
  std::set<std::string> seen;
  gather(root, op.selection_set, fields, seen);
  std::set<std::string> response_names;
  bool introspection = false;
  for (auto& [type, s] : fields) {
    response_names.insert(s->response_name());
    introspection = introspection || s->name.starts_with("__");
  }
  std::string which =
      op.name.empty() ? "Anonymous Subscription" : "Subscription " + quoted(op.name);
  if (response_names.size() > 1) {
    error(which + " must select only one top level field.", {op.location});
  }
  if (introspection) {
    error(which + " must not select an introspection top level field.", {op.location});
  }
}

void Validator::check_fragment(const FragmentDefinition& f) {
  facts_ = &fragment_facts_[f.name];
  directives(f.directives, "FRAGMENT_DEFINITION");
  const TypeDef* type = schema_.type(f.type_condition);
  if (!type) {
    error("Unknown type " + quoted(f.type_condition) + ".", {f.location});
  } else if (!is_composite(*type)) {
    error("Fragment " + quoted(f.name) + " cannot condition on non composite type " +
              quoted(f.type_condition) + ".",
          {f.location});
    type = nullptr;
  }
  selection_set(type, f.selection_set);
  facts_ = nullptr;
}

void Validator::closure(const std::string& name, std::set<std::string>& seen) const {
  if (!seen.insert(name).second) return;
  auto it = fragment_facts_.find(name);
  if (it == fragment_facts_.end()) return;
  for (const auto& next : it->second.spreads) closure(next, seen);
}

void Validator::check_fragment_cycles() {
  for (const auto& f : document_.fragments) {
    std::set<std::string> reachable;
    auto it = fragment_facts_.find(f.name);
    if (it == fragment_facts_.end()) continue;
    for (const auto& next : it->second.spreads) closure(next, reachable);
    if (reachable.count(f.name)) {
      error("Cannot spread fragment " + quoted(f.name) + " within itself.", {f.location});
    }
  }
}

// A variable of type `var` may flow into a position of type `location` (§5.8.5).
bool allowed_in(const TypeRef& var, const TypeRef& location) {
  if (location.non_null) {
    if (!var.non_null) return false;
  }
  if (location.is_list() != var.is_list()) return false;
  if (location.is_list()) return allowed_in(*var.item, *location.item);
  return var.name == location.name;
}

void Validator::check_variables(const OperationDefinition& op, const DefinitionFacts& facts) {
  std::vector<const VariableUsage*> usages;
  for (const auto& u : facts.variables) usages.push_back(&u);
  std::set<std::string> fragments;
  for (const auto& name : facts.spreads) closure(name, fragments);
  for (const auto& name : fragments) {
    auto it = fragment_facts_.find(name);
    if (it == fragment_facts_.end()) continue;
    for (const auto& u : it->second.variables) usages.push_back(&u);
  }
  std::string op_name = op.name.empty() ? "" : " by operation " + quoted(op.name);
  std::set<std::string> used;
  for (const auto* u : usages) {
    used.insert(u->name);
    auto def = std::find_if(op.variables.begin(), op.variables.end(),
                            [&](const auto& v) { return v.name == u->name; });
    if (def == op.variables.end()) {
      error("Variable \"$" + u->name + "\" is not defined" + op_name + ".",
            {u->location, op.location});
      continue;
    }
    if (!schema_.type(def->type.named())) continue;
    TypeRef var_type = def->type;
    bool has_default = def->default_value && def->default_value->kind != Value::Kind::kNull;
    if (!var_type.non_null && u->type.non_null && (has_default || u->location_has_default)) {
      var_type.non_null = true;
    }
    if (!allowed_in(var_type, u->type)) {
      error("Variable \"$" + u->name + "\" of type " + quoted(def->type.to_string()) +
                " used in position expecting type " + quoted(u->type.to_string()) + ".",
            {def->location, u->location});
    }
  }
  for (const auto& var : op.variables) {
    if (!used.count(var.name)) {
      error("Variable \"$" + var.name + "\" is never used" + op_name + ".", {var.location});
    }
  }
}

void Validator::selection_set(const TypeDef* parent, const std::vector<Selection>& set) {
  for (const auto& s : set) {
    switch (s.kind) {
      case Selection::Kind::kField:
        directives(s.directives, "FIELD");
        if (parent) {
          field(*parent, s);
        } else {
          selection_set(nullptr, s.selection_set);
        }
        break;
      case Selection::Kind::kFragmentSpread: fragment_spread(parent, s); break;
      case Selection::Kind::kInlineFragment: inline_fragment(parent, s); break;
    }
  }
  check_merge(parent, set);
}

void Validator::field(const TypeDef& parent, const Selection& s) {
  const FieldDef* def = nullptr;
  static const FieldDef kTypename{"__typename", {}, {}, {"String", nullptr, true}, {}};
  if (s.name == "__typename") {
    def = &kTypename;
  } else if (&parent == schema_.root(OperationType::kQuery) &&
             (s.name == "__schema" || s.name == "__type")) {
    static const FieldDef kSchema{"__schema", {}, {}, {"__Schema", nullptr, true}, {}};
    static const FieldDef kType{"__type",
                                {},
                                {{"name", {}, {"String", nullptr, true}, {}, {}}},
                                {"__Type", nullptr, false},
                                {}};
    def = s.name == "__schema" ? &kSchema : &kType;
  } else if (parent.kind != TypeKind::kUnion) {
    def = parent.field(s.name);
  }
  if (!def) {
    error("Cannot query field " + quoted(s.name) + " on type " + quoted(parent.name) + ".",
          {s.location});
    selection_set(nullptr, s.selection_set);
    return;
  }
  arguments(s.arguments, def->arguments, parent.name + "." + s.name, s.location, false);
  const TypeDef* type = schema_.type(def->type.named());
  if (type && is_leaf(*type) && !s.selection_set.empty()) {
    error("Field " + quoted(s.name) + " must not have a selection since type " +
              quoted(def->type.to_string()) + " has no subfields.",
          {s.location});
  } else if (type && !is_leaf(*type) && s.selection_set.empty()) {
    error("Field " + quoted(s.name) + " of type " + quoted(def->type.to_string()) +
              " must have a selection of subfields. Did you mean \"" + s.name + " { ... }\"?",
          {s.location});
  }
  selection_set(type && is_composite(*type) ? type : nullptr, s.selection_set);
}

void Validator::fragment_spread(const TypeDef* parent, const Selection& s) {
  directives(s.directives, "FRAGMENT_SPREAD");
  const FragmentDefinition* f = fragment(s.name);
  if (!f) {
    error("Unknown fragment " + quoted(s.name) + ".", {s.location});
    return;
  }
  if (facts_) facts_->spreads.insert(s.name);
  check_spread_possible(parent, schema_.type(f->type_condition), "Fragment " + quoted(s.name),
                        s.location);
}

void Validator::inline_fragment(const TypeDef* parent, const Selection& s) {
  directives(s.directives, "INLINE_FRAGMENT");
  const TypeDef* type = parent;
  if (!s.type_condition.empty()) {
    type = schema_.type(s.type_condition);
    if (!type) {
      error("Unknown type " + quoted(s.type_condition) + ".", {s.location});
    } else if (!is_composite(*type)) {
      error("Fragment cannot condition on non composite type " + quoted(s.type_condition) + ".",
            {s.location});
      type = nullptr;
    } else {
      check_spread_possible(parent, type, "Fragment", s.location);
    }
  }
  selection_set(type, s.selection_set);
}

void Validator::check_spread_possible(const TypeDef* parent, const TypeDef* condition,
                                      const std::string& what, Location at) {
  if (!parent || !condition || !is_composite(*condition)) return;
  auto a = schema_.possible_types(*parent);
  auto b = schema_.possible_types(*condition);
  for (const auto* t : a) {
    if (std::find(b.begin(), b.end(), t) != b.end()) return;
  }
  error(what + " cannot be spread here as objects of type " + quoted(parent->name) +
            " can never be of type " + quoted(condition->name) + ".",
        {at});
}

void Validator::directives(const std::vector<Directive>& list, std::string_view location) {
  std::set<std::string> seen;
  for (const auto& d : list) {
    const DirectiveDef* def = schema_.directive(d.name);
    if (!def) {
      error("Unknown directive \"@" + d.name + "\".", {d.location});
      continue;
    }
    if (std::find(def->locations.begin(), def->locations.end(), location) == def->locations.end()) {
      error("Directive \"@" + d.name + "\" may not be used on " + std::string(location) + ".",
            {d.location});
    }
    if (!def->repeatable && !seen.insert(d.name).second) {
      error("The directive \"@" + d.name + "\" can only be used once at this location.",
            {d.location});
    }
    arguments(d.arguments, def->arguments, "@" + d.name, d.location, true);
  }
}

void Validator::arguments(const std::vector<Argument>& given,
                          const std::vector<InputValueDef>& defined, const std::string& owner,
                          Location at, bool is_directive) {
  std::set<std::string> seen;
  std::string where = is_directive ? "directive " + quoted(owner) : "field " + quoted(owner);
  for (const auto& a : given) {
    if (!seen.insert(a.name).second) {
      error("There can be only one argument named " + quoted(a.name) + ".", {a.location});
    }
    auto def = std::find_if(defined.begin(), defined.end(),
                            [&](const auto& d) { return d.name == a.name; });
    if (def == defined.end()) {
      error("Unknown argument " + quoted(a.name) + " on " + where + ".", {a.location});
      continue;
    }
    value(a.value, def->type, def->default_value.has_value());
  }
  for (const auto& def : defined) {
    if (!def.type.non_null || def.default_value) continue;
    if (std::none_of(given.begin(), given.end(),
                     [&](const auto& a) { return a.name == def.name; })) {
      std::string kind = is_directive ? "Directive " : "Field ";
      error(kind + quoted(is_directive ? owner : owner.substr(owner.find('.') + 1)) + " argument " +
                quoted(def.name) + " of type " + quoted(def.type.to_string()) +
                " is required, but it was not provided.",
            {at});
    }
  }
}

void Validator::value(const Value& v, const TypeRef& type, bool location_has_default) {
  if (v.kind == Value::Kind::kVariable) {
    if (facts_) facts_->variables.push_back({v.text, type, location_has_default, v.location});
    return;
  }
  const TypeDef* def = schema_.type(type.named());
  if (!def) return;
  if (v.kind == Value::Kind::kNull) {
    if (type.non_null) {
      error("Expected value of type " + quoted(type.to_string()) + ", found null.", {v.location});
    }
    return;
  }
  if (type.is_list()) {
    if (v.kind != Value::Kind::kList) return value(v, *type.item, false);
    for (const auto& item : v.list) value(item, *type.item, false);
    return;
  }
  if (def->kind == TypeKind::kInputObject) return input_object(v, *def);
  std::optional<std::string> problem;
  if (def->kind == TypeKind::kEnum) {
    if (v.kind != Value::Kind::kEnum) {
      problem =
          "Enum " + quoted(def->name) + " cannot represent non-enum value: " + print_value(v) + ".";
    } else if (!def->has_enum_value(v.text)) {
      problem = "Value " + quoted(v.text) + " does not exist in " + quoted(def->name) + " enum.";
    }
  } else {
    problem = scalar_literal_error(*def, v);
  }
  if (problem) error(*problem, {v.location});
}

void Validator::input_object(const Value& v, const TypeDef& type) {
  if (v.kind != Value::Kind::kObject) {
    error("Expected value of type " + quoted(type.name) + ", found " + print_value(v) + ".",
          {v.location});
    return;
  }
  std::set<std::string> seen;
  for (const auto& [name, field_value] : v.fields) {
    if (!seen.insert(name).second) {
      error("There can be only one input field named " + quoted(name) + ".",
            {field_value.location});
    }
    const InputValueDef* f = type.input_field(name);
    if (!f) {
      error("Field " + quoted(name) + " is not defined by type " + quoted(type.name) + ".",
            {field_value.location});
      continue;
    }
    value(field_value, f->type, f->default_value.has_value());
  }
  for (const auto& f : type.input_fields) {
    if (f.type.non_null && !f.default_value && !seen.count(f.name)) {
      error("Field " + quoted(type.name + "." + f.name) + " of required type " +
                quoted(f.type.to_string()) + " was not provided.",
            {v.location});
    }
  }
}

// OverlappingFieldsCanBeMerged (§5.3.2): two selections with one response name must be the same
// field with the same arguments, unless their parents can never be the same object.
void Validator::check_merge(const TypeDef* parent, const std::vector<Selection>& set) {
  FieldList fields;
  std::set<std::string> fragments;
  gather(parent, set, fields, fragments);
  std::map<std::string_view, FieldList> by_name;
  for (const auto& f : fields) by_name[f.second->response_name()].push_back(f);
  for (const auto& [name, group] : by_name) {
    // Every pair of a small group; a large one (a request repeating one alias thousands of
    // times) is compared with its first field only, so validation stays linear in its size.
    std::size_t firsts = group.size() <= kAllPairsUpTo ? group.size() : 1;
    for (std::size_t i = 0; i < firsts; ++i) {
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        if (group[i].second == group[j].second) continue;
        check_pair(group[i].first, *group[i].second, group[j].first, *group[j].second, false);
      }
    }
  }
}

void Validator::gather(const TypeDef* parent, const std::vector<Selection>& set, FieldList& out,
                       std::set<std::string>& fragments) const {
  for (const auto& s : set) {
    if (s.kind == Selection::Kind::kField) {
      out.emplace_back(parent, &s);
    } else if (s.kind == Selection::Kind::kInlineFragment) {
      gather(s.type_condition.empty() ? parent : schema_.type(s.type_condition), s.selection_set,
             out, fragments);
    } else if (const auto* f = fragment(s.name); f && fragments.insert(s.name).second) {
      gather(schema_.type(f->type_condition), f->selection_set, out, fragments);
    }
  }
}

const FieldDef* Validator::field_def(const TypeDef* parent, const std::string& name) const {
  if (!parent || parent->kind == TypeKind::kUnion) return nullptr;
  return parent->field(name);
}

std::string printed_arguments(const Selection& s) {
  std::vector<std::string> printed;
  for (const auto& a : s.arguments) printed.push_back(a.name + ":" + print_value(a.value));
  std::sort(printed.begin(), printed.end());
  std::string out;
  for (const auto& p : printed) out += p + ",";
  return out;
}

// Two output types conflict unless they have the same list and non-null wrappers and, for
// leaves, the same named type.
bool types_conflict(const Schema& schema, const TypeRef& a, const TypeRef& b) {
  if (a.non_null != b.non_null || a.is_list() != b.is_list()) return true;
  if (a.is_list()) return types_conflict(schema, *a.item, *b.item);
  const TypeDef* ta = schema.type(a.name);
  const TypeDef* tb = schema.type(b.name);
  if (ta && tb && (is_leaf(*ta) || is_leaf(*tb))) return ta != tb;
  return false;
}

void Validator::check_pair(const TypeDef* parent_a, const Selection& a, const TypeDef* parent_b,
                           const Selection& b, bool exclusive) {
  exclusive =
      exclusive || (parent_a != parent_b && parent_a && parent_b &&
                    parent_a->kind == TypeKind::kObject && parent_b->kind == TypeKind::kObject);
  std::string prefix = "Fields " + quoted(a.response_name()) + " conflict because ";
  std::string suffix =
      ". Use different aliases on the fields to fetch both if this was intentional.";
  if (!exclusive && a.name != b.name) {
    return error(
        prefix + quoted(a.name) + " and " + quoted(b.name) + " are different fields" + suffix,
        {a.location, b.location});
  }
  if (!exclusive && printed_arguments(a) != printed_arguments(b)) {
    return error(prefix + "they have differing arguments" + suffix, {a.location, b.location});
  }
  const FieldDef* da = field_def(parent_a, a.name);
  const FieldDef* db = field_def(parent_b, b.name);
  if (da && db && types_conflict(schema_, da->type, db->type)) {
    return error(prefix + "they return conflicting types " + quoted(da->type.to_string()) +
                     " and " + quoted(db->type.to_string()) + suffix,
                 {a.location, b.location});
  }
  if (a.selection_set.empty() || b.selection_set.empty()) return;
  FieldList sub_a;
  FieldList sub_b;
  std::set<std::string> fragments_a;
  std::set<std::string> fragments_b;
  gather(da ? schema_.type(da->type.named()) : nullptr, a.selection_set, sub_a, fragments_a);
  gather(db ? schema_.type(db->type.named()) : nullptr, b.selection_set, sub_b, fragments_b);
  for (const auto& [pa, sa] : sub_a) {
    for (const auto& [pb, sb] : sub_b) {
      if (sa->response_name() == sb->response_name() && sa != sb) {
        check_pair(pa, *sa, pb, *sb, exclusive);
      }
    }
  }
}

}  // namespace

std::vector<GraphqlError> validate(const Schema& schema, const Document& document) {
  return Validator(schema, document).run();
}

}  // namespace meerkat::graphql
