// SPDX-License-Identifier: Apache-2.0
// The type system language (§3): what Meerkat's schema files are written in.
#include "graphql/parser.hpp"
#include "graphql/parser_state.hpp"

namespace meerkat::graphql {

namespace detail {

std::string Parser::description() {
  if (failed() || token_.kind != TokenKind::kString) return {};
  std::string text = token_.text;
  advance();
  return text;
}

void Parser::type_system(Schema& schema) {
  while (!failed() && token_.kind != TokenKind::kEnd) {
    std::string text = description();
    if (peek_name("schema")) {
      schema_definition(schema);
    } else if (peek_name("directive")) {
      directive_definition(schema, std::move(text));
    } else {
      type_definition(schema, std::move(text));
    }
  }
}

void Parser::schema_definition(Schema& schema) {
  advance();
  directives(true);
  expect("{");
  while (!failed() && !skip("}")) {
    Token at = token_;
    std::string operation = name();
    expect(":");
    std::string type = name();
    if (operation == "query") {
      schema.set_root(OperationType::kQuery, type);
    } else if (operation == "mutation") {
      schema.set_root(OperationType::kMutation, type);
    } else if (operation == "subscription") {
      schema.set_root(OperationType::kSubscription, type);
    } else {
      fail(at, "Syntax Error: Unexpected " + describe(at) + ".");
    }
  }
}

void Parser::directive_definition(Schema& schema, std::string text) {
  Token at = token_;
  advance();
  expect("@");
  DirectiveDef d;
  d.description = std::move(text);
  d.name = name();
  d.arguments = input_values("(", ")");
  if (peek_name("repeatable")) {
    d.repeatable = true;
    advance();
  }
  expect_keyword("on");
  skip("|");
  do {
    d.locations.push_back(name());
  } while (!failed() && skip("|"));
  std::string defined = d.name;
  if (!failed() && !schema.add_directive(std::move(d))) {
    fail(at, "There can be only one directive named \"@" + defined + "\".");
  }
}

void Parser::type_definition(Schema& schema, std::string text) {
  Token at = token_;
  if (token_.kind != TokenKind::kName) return unexpected();
  std::string keyword = token_.text;
  advance();
  TypeDef t;
  t.description = std::move(text);
  t.name = name();
  if (keyword == "scalar") {
    t.kind = TypeKind::kScalar;
    t.directives = directives(true);
  } else if (keyword == "type" || keyword == "interface") {
    t.kind = keyword == "type" ? TypeKind::kObject : TypeKind::kInterface;
    t.interfaces = implements();
    t.directives = directives(true);
    t.fields = fields_definition();
  } else if (keyword == "union") {
    t.kind = TypeKind::kUnion;
    t.directives = directives(true);
    t.members = union_members();
  } else if (keyword == "enum") {
    t.kind = TypeKind::kEnum;
    t.directives = directives(true);
    t.enum_values = enum_values();
  } else if (keyword == "input") {
    t.kind = TypeKind::kInputObject;
    t.directives = directives(true);
    t.input_fields = input_values("{", "}");
  } else {
    return fail(at, "Syntax Error: Unexpected " + describe(at) + ".");
  }
  if (!failed() && !schema.add_type(t)) {
    fail(at, "There can be only one type named \"" + t.name + "\".");
  }
}

std::vector<std::string> Parser::implements() {
  std::vector<std::string> names;
  if (!peek_name("implements")) return names;
  advance();
  skip("&");
  do {
    names.push_back(name());
  } while (!failed() && skip("&"));
  return names;
}

std::vector<std::string> Parser::union_members() {
  std::vector<std::string> names;
  if (!skip("=")) return names;
  skip("|");
  do {
    names.push_back(name());
  } while (!failed() && skip("|"));
  return names;
}

std::vector<FieldDef> Parser::fields_definition() {
  std::vector<FieldDef> fields;
  if (!skip("{")) return fields;
  while (!failed() && !skip("}")) {
    FieldDef f;
    f.description = description();
    f.name = name();
    f.arguments = input_values("(", ")");
    expect(":");
    f.type = type_ref();
    f.directives = directives(true);
    fields.push_back(std::move(f));
  }
  return fields;
}

std::vector<InputValueDef> Parser::input_values(std::string_view open, std::string_view close) {
  std::vector<InputValueDef> values;
  if (!skip(open)) return values;
  while (!failed() && !skip(close)) {
    InputValueDef v;
    v.description = description();
    v.name = name();
    expect(":");
    v.type = type_ref();
    if (skip("=")) v.default_value = value(true);
    v.directives = directives(true);
    values.push_back(std::move(v));
  }
  return values;
}

std::vector<EnumValueDef> Parser::enum_values() {
  std::vector<EnumValueDef> values;
  if (!skip("{")) return values;
  while (!failed() && !skip("}")) {
    EnumValueDef v;
    v.description = description();
    Token at = token_;
    v.name = name();
    if (v.name == "true" || v.name == "false" || v.name == "null") {
      fail(at, "Name \"" + v.name + "\" is reserved and cannot be used for an enum value.");
    }
    v.directives = directives(true);
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace detail

boost::system::result<void, GraphqlError> parse_schema_into(std::string_view sdl, Schema& schema) {
  detail::Parser parser(sdl);
  parser.type_system(schema);
  if (parser.error) return *parser.error;
  return {};
}

}  // namespace meerkat::graphql
