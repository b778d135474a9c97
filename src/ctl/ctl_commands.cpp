// SPDX-License-Identifier: Apache-2.0
#include "ctl/ctl_commands.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <set>
#include <variant>

namespace meerkat::ctl {

namespace {

namespace json = boost::json;
using graphql::OperationType;
using graphql::TypeKind;

// Object results are printed with their fields this many levels deep (vCards nest).
constexpr int kDepth = 4;

bool is_string_like(const graphql::Schema& schema, const graphql::TypeRef& type) {
  if (type.is_list()) return false;
  const auto* t = schema.type(type.name);
  if (!t || t->kind == TypeKind::kInputObject) return false;
  if (t->kind == TypeKind::kEnum) return true;
  return t->name != "Int" && t->name != "Float" && t->name != "Boolean" && t->name != "PosInt" &&
         t->name != "NonNegInt";
}

}  // namespace

Catalog::Catalog(const graphql::Schema& schema) : schema_(schema) {
  for (auto op : {OperationType::kQuery, OperationType::kMutation}) {
    const auto* root = schema.root(op);
    if (!root) continue;
    for (const auto& category : root->fields) {
      const auto* type = schema.type(category.type.named());
      if (!type || type->kind != TypeKind::kObject) continue;
      for (const auto& field : type->fields) {
        commands_.push_back({category.name, field.name, op == OperationType::kMutation, &field});
      }
    }
  }
}

std::vector<std::string> Catalog::categories() const {
  std::set<std::string> names;
  for (const auto& c : commands_) names.insert(c.category);
  return {names.begin(), names.end()};
}

std::vector<const Command*> Catalog::commands(const std::string& category) const {
  std::vector<const Command*> out;
  for (const auto& c : commands_) {
    if (c.category == category) out.push_back(&c);
  }
  return out;
}

const Command* Catalog::find(const std::string& category, const std::string& name) const {
  for (const auto& c : commands_) {
    if (c.category == category && c.name == name) return &c;
  }
  return nullptr;
}

// Every field of the result, nested objects included; unions by their members.
std::string Catalog::selection(const graphql::TypeRef& ref, int depth) const {
  const auto* type = schema_.type(ref.named());
  if (!type || graphql::is_leaf(*type)) return {};
  if (depth == 0) return "{ __typename }";
  std::string out = "{ ";
  if (type->kind == TypeKind::kUnion) {
    out += "__typename ";
    for (const auto& member : type->members) {
      out += "... on " + member + " " + selection({member, nullptr, false}, depth - 1) + " ";
    }
    return out + "}";
  }
  for (const auto& field : type->fields) {
    bool needs_arguments = std::any_of(field.arguments.begin(), field.arguments.end(),
                                       [](const auto& a) { return a.type.non_null; });
    if (needs_arguments) continue;
    out += field.name + " " + selection(field.type, depth - 1) + " ";
  }
  return out + "}";
}

std::variant<BuiltRequest, std::string> Catalog::build(
    const Command& command, const std::vector<std::pair<std::string, std::string>>& options) const {
  BuiltRequest out;
  std::string declarations;
  std::string arguments;
  for (const auto& [name, text] : options) {
    const auto* arg = command.field->argument(name);
    if (!arg) return "unknown option --" + name + " for " + command.category + " " + command.name;
    if (out.variables.contains(name)) return "option --" + name + " given twice";
    if (is_string_like(schema_, arg->type)) {
      out.variables[name] = text;
    } else {
      boost::system::error_code ec;
      auto value = json::parse(text, ec);
      if (ec)
        return "--" + name + " expects a " + arg->type.to_string() + " (as JSON), got: " + text;
      out.variables[name] = std::move(value);
    }
    declarations +=
        (declarations.empty() ? "" : ", ") + ("$" + name + ": " + arg->type.to_string());
    arguments += (arguments.empty() ? "" : ", ") + (name + ": $" + name);
  }
  for (const auto& arg : command.field->arguments) {
    if (arg.type.non_null && !arg.default_value && !out.variables.contains(arg.name)) {
      return "missing option --" + arg.name + " (" + arg.type.to_string() + ")";
    }
  }
  out.query = std::string(command.mutation ? "mutation" : "query");
  if (!declarations.empty()) out.query += "(" + declarations + ")";
  out.query += " { " + command.category + " { " + command.name;
  if (!arguments.empty()) out.query += "(" + arguments + ")";
  out.query += " " + selection(command.field->type, kDepth) + " } }";
  return out;
}

std::string Catalog::usage() const {
  std::string out =
      "Usage: meerkatctl [--url URL] [--user NAME --password PASSWORD] CATEGORY COMMAND [--ARG "
      "VALUE]...\n\nRuns an administration command on a running server through its admin GraphQL "
      "endpoint\n(default http://localhost:5551/api/graphql; MEERKATCTL_URL, MEERKATCTL_USER and\n"
      "MEERKATCTL_PASSWORD set the defaults). `meerkatctl CATEGORY --help` lists a category's "
      "commands.\n\nCategories:\n";
  for (const auto& c : categories()) {
    const auto* root_field = schema_.root(OperationType::kQuery)->field(c);
    if (!root_field) root_field = schema_.root(OperationType::kMutation)->field(c);
    out += "  " + c + std::string(c.size() < 18 ? 18 - c.size() : 1, ' ') +
           (root_field ? root_field->description : "") + "\n";
  }
  return out +
         "\nExit codes: 0 done, 1 the command failed, 2 bad usage, 3 the server could not "
         "be reached.\n";
}

std::string Catalog::category_usage(const std::string& category) const {
  std::string out = "Usage: meerkatctl " + category + " COMMAND [--ARG VALUE]...\n\nCommands:\n";
  for (const auto* c : commands(category)) {
    out += "  " + c->name + std::string(c->name.size() < 28 ? 28 - c->name.size() : 1, ' ') +
           c->field->description + "\n";
  }
  return out;
}

std::string Catalog::command_usage(const Command& command) const {
  std::string out = "Usage: meerkatctl " + command.category + " " + command.name;
  for (const auto& arg : command.field->arguments) {
    bool required = arg.type.non_null && !arg.default_value;
    out += required ? " --" + arg.name + " VALUE" : " [--" + arg.name + " VALUE]";
  }
  out += "\n\n" + command.field->description + "\n";
  if (!command.field->arguments.empty()) out += "\nOptions:\n";
  for (const auto& arg : command.field->arguments) {
    std::string head = "  --" + arg.name + " " + arg.type.to_string();
    out +=
        head + std::string(head.size() < 36 ? 36 - head.size() : 1, ' ') + arg.description + "\n";
  }
  return out;
}

}  // namespace meerkat::ctl
