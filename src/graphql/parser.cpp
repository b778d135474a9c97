// SPDX-License-Identifier: Apache-2.0
// Hand-written because no C++ GraphQL library is packaged in Debian (DESIGN.md
// "Dependencies"). Messages follow graphql-js ("Syntax Error: Expected Name, found "}".") so
// that clients see what they would see from other servers.
#include "graphql/parser.hpp"

#include <stdexcept>

#include "graphql/parser_state.hpp"

namespace meerkat::graphql {

namespace detail {

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd: return "<EOF>";
    case TokenKind::kName: return "Name \"" + token.text + "\"";
    case TokenKind::kInt: return "Int \"" + token.text + "\"";
    case TokenKind::kFloat: return "Float \"" + token.text + "\"";
    case TokenKind::kString: return "String";
    default: return "\"" + token.text + "\"";
  }
}

Document Parser::document() {
  Document doc;
  if (token_.kind == TokenKind::kEnd && !failed()) {
    fail(token_, "Syntax Error: Unexpected <EOF>.");
  }
  while (!failed() && token_.kind != TokenKind::kEnd) {
    if (peek("{") || peek_name("query") || peek_name("mutation") || peek_name("subscription")) {
      doc.operations.push_back(operation());
    } else if (peek_name("fragment")) {
      doc.fragments.push_back(fragment());
    } else {
      unexpected();
    }
  }
  return doc;
}

OperationDefinition Parser::operation() {
  OperationDefinition op;
  op.location = token_.location;
  if (peek("{")) {
    op.selection_set = selection_set();
    return op;
  }
  op.type = token_.text == "query"      ? OperationType::kQuery
            : token_.text == "mutation" ? OperationType::kMutation
                                        : OperationType::kSubscription;
  advance();
  if (token_.kind == TokenKind::kName) op.name = name();
  op.variables = variable_definitions();
  op.directives = directives(false);
  op.selection_set = selection_set();
  return op;
}

std::vector<VariableDefinition> Parser::variable_definitions() {
  std::vector<VariableDefinition> vars;
  if (!skip("(")) return vars;
  do {
    VariableDefinition var;
    var.location = token_.location;
    expect("$");
    var.name = name();
    expect(":");
    var.type = type_ref();
    if (skip("=")) var.default_value = value(true);
    var.directives = directives(true);
    vars.push_back(std::move(var));
  } while (!failed() && !skip(")"));
  return vars;
}

FragmentDefinition Parser::fragment() {
  FragmentDefinition f;
  f.location = token_.location;
  expect_keyword("fragment");
  if (peek_name("on")) {
    unexpected();
    return f;
  }
  f.name = name();
  expect_keyword("on");
  f.type_condition = name();
  f.directives = directives(false);
  f.selection_set = selection_set();
  return f;
}

std::vector<Selection> Parser::selection_set() {
  std::vector<Selection> set;
  enter();
  if (failed()) return set;
  expect("{");
  do {
    set.push_back(selection());
  } while (!failed() && !skip("}"));
  leave();
  return set;
}

Selection Parser::selection() {
  Selection s;
  s.location = token_.location;
  if (skip("...")) {
    if (token_.kind == TokenKind::kName && token_.text != "on") {
      s.kind = Selection::Kind::kFragmentSpread;
      s.name = name();
      s.directives = directives(false);
      return s;
    }
    s.kind = Selection::Kind::kInlineFragment;
    if (peek_name("on")) {
      advance();
      s.type_condition = name();
    }
    s.directives = directives(false);
    s.selection_set = selection_set();
    return s;
  }
  s.name = name();
  if (skip(":")) {
    s.alias = std::move(s.name);
    s.name = name();
  }
  s.arguments = arguments(false);
  s.directives = directives(false);
  if (peek("{")) s.selection_set = selection_set();
  return s;
}

std::vector<Argument> Parser::arguments(bool is_const) {
  std::vector<Argument> args;
  if (!skip("(")) return args;
  do {
    Argument a;
    a.location = token_.location;
    a.name = name();
    expect(":");
    a.value = value(is_const);
    args.push_back(std::move(a));
  } while (!failed() && !skip(")"));
  return args;
}

std::vector<Directive> Parser::directives(bool is_const) {
  std::vector<Directive> list;
  while (!failed() && peek("@")) {
    Directive d;
    d.location = token_.location;
    advance();
    d.name = name();
    d.arguments = arguments(is_const);
    list.push_back(std::move(d));
  }
  return list;
}

Value Parser::value(bool is_const) {
  Value v;
  v.location = token_.location;
  if (failed()) return v;
  switch (token_.kind) {
    case TokenKind::kInt: v.kind = Value::Kind::kInt; break;
    case TokenKind::kFloat: v.kind = Value::Kind::kFloat; break;
    case TokenKind::kString: v.kind = Value::Kind::kString; break;
    case TokenKind::kName:
      v.kind = token_.text == "true" || token_.text == "false" ? Value::Kind::kBoolean
               : token_.text == "null"                         ? Value::Kind::kNull
                                                               : Value::Kind::kEnum;
      break;
    case TokenKind::kPunctuator:
      if (peek("[")) return list_value(is_const, v.location);
      if (peek("{")) return object_value(is_const, v.location);
      if (peek("$") && !is_const) {
        advance();
        v.kind = Value::Kind::kVariable;
        v.text = name();
        return v;
      }
      [[fallthrough]];
    default: unexpected(); return v;
  }
  v.text = token_.text;
  advance();
  return v;
}

Value Parser::list_value(bool is_const, Location at) {
  Value v{Value::Kind::kList, {}, {}, {}, at};
  enter();
  if (failed()) return v;
  advance();
  while (!failed() && !skip("]")) {
    if (token_.kind == TokenKind::kEnd) {
      unexpected();
      break;
    }
    v.list.push_back(value(is_const));
  }
  leave();
  return v;
}

Value Parser::object_value(bool is_const, Location at) {
  Value v{Value::Kind::kObject, {}, {}, {}, at};
  enter();
  if (failed()) return v;
  advance();
  while (!failed() && !skip("}")) {
    std::string field = name();
    expect(":");
    v.fields.emplace_back(std::move(field), value(is_const));
  }
  leave();
  return v;
}

TypeRef Parser::type_ref() {
  TypeRef t;
  enter();
  if (failed()) return t;
  if (skip("[")) {
    t.item = std::make_shared<const TypeRef>(type_ref());
    expect("]");
  } else {
    t.name = name();
  }
  t.non_null = skip("!");
  leave();
  return t;
}

}  // namespace detail

using detail::Parser;

void throw_exception_from_error(const GraphqlError& e, const boost::source_location&) {
  throw std::invalid_argument(e.message);
}

boost::system::result<Document, GraphqlError> parse_request(std::string_view text) {
  Parser parser(text);
  Document doc = parser.document();
  if (parser.error) return *parser.error;
  return doc;
}

boost::system::result<Value, GraphqlError> parse_value(std::string_view text) {
  Parser parser(text);
  Value v = parser.value_alone();
  if (parser.error) return *parser.error;
  return v;
}

}  // namespace meerkat::graphql
