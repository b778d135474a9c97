// SPDX-License-Identifier: Apache-2.0
// The parser's state, shared by the request grammar (parser.cpp) and the type system grammar
// (schema_language.cpp). Internal to the GraphQL engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphql/ast.hpp"
#include "graphql/lexer.hpp"
#include "graphql/schema.hpp"

namespace meerkat::graphql::detail {

using Fail = GraphqlError;

std::string describe(const Token& token);

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { advance(); }

  Document document();
  void type_system(Schema& schema);
  Value value_alone() {
    Value v = value(true);
    expect_end();
    return v;
  }
  std::optional<Fail> error;

 private:
  // The parser stops at the first error: `error` is set and every later step is a no-op that
  // returns an empty result, so the call chain unwinds without exceptions.
  bool failed() const { return error.has_value(); }
  void fail(const Token& at, std::string message) {
    if (!error) error = Fail{std::move(message), {at.location}};
  }
  void advance() {
    if (failed()) return;
    token_ = lexer_.next();
    if (token_.kind == TokenKind::kError) fail(token_, token_.text);
  }
  bool peek(std::string_view punctuator) const {
    return token_.kind == TokenKind::kPunctuator && token_.text == punctuator;
  }
  bool peek_name(std::string_view name) const {
    return token_.kind == TokenKind::kName && token_.text == name;
  }
  bool skip(std::string_view punctuator) {
    if (!peek(punctuator)) return false;
    advance();
    return true;
  }
  void expect(std::string_view punctuator) {
    if (failed()) return;
    if (!skip(punctuator)) {
      fail(token_, "Syntax Error: Expected \"" + std::string(punctuator) + "\", found " +
                       describe(token_) + ".");
    }
  }
  void expect_end() {
    if (!failed() && token_.kind != TokenKind::kEnd) {
      fail(token_, "Syntax Error: Unexpected " + describe(token_) + ".");
    }
  }
  std::string name() {
    if (failed()) return {};
    if (token_.kind != TokenKind::kName) {
      fail(token_, "Syntax Error: Expected Name, found " + describe(token_) + ".");
      return {};
    }
    std::string n = token_.text;
    advance();
    return n;
  }
  void expect_keyword(std::string_view keyword) {
    if (failed()) return;
    if (!peek_name(keyword)) {
      fail(token_, "Syntax Error: Expected \"" + std::string(keyword) + "\", found " +
                       describe(token_) + ".");
      return;
    }
    advance();
  }
  void unexpected() { fail(token_, "Syntax Error: Unexpected " + describe(token_) + "."); }
  void enter() {
    if (++depth_ > kMaxDepth) fail(token_, "Syntax Error: Document is nested too deeply.");
  }
  void leave() { --depth_; }

  OperationDefinition operation();
  FragmentDefinition fragment();
  std::vector<Selection> selection_set();
  Selection selection();
  std::vector<Argument> arguments(bool is_const);
  std::vector<Directive> directives(bool is_const);
  Value value(bool is_const);
  Value list_value(bool is_const, Location at);
  Value object_value(bool is_const, Location at);
  TypeRef type_ref();
  std::vector<VariableDefinition> variable_definitions();

  std::string description();
  void type_definition(Schema& schema, std::string description);
  void schema_definition(Schema& schema);
  void directive_definition(Schema& schema, std::string description);
  std::vector<FieldDef> fields_definition();
  std::vector<InputValueDef> input_values(std::string_view open, std::string_view close);
  std::vector<EnumValueDef> enum_values();
  std::vector<std::string> implements();
  std::vector<std::string> union_members();

  Lexer lexer_;
  Token token_;
  int depth_ = 0;
};

}  // namespace meerkat::graphql::detail
