// SPDX-License-Identifier: Apache-2.0
#include "graphql/parser.hpp"

#include <gtest/gtest.h>

#include "graphql/schema.hpp"

namespace meerkat::graphql {
namespace {

TEST(GraphqlParser, ReadsOperationsFragmentsVariablesAndDirectives) {
  auto doc = parse_request(R"(
    query Users($domain: DomainName!, $limit: PosInt = 10) @skip(if: false) {
      account { list: listUsers(domain: $domain, limit: $limit) ...More @include(if: true) }
    }
    fragment More on AccountAdminQuery { countUsers(domain: "localhost") }
    mutation { a(x: [1, 2.5e3, "s", """block""", true, null, ENUM, {k: $v}]) }
  )");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->operations.size(), 2u);
  const auto& op = doc->operations[0];
  EXPECT_EQ(op.name, "Users");
  ASSERT_EQ(op.variables.size(), 2u);
  EXPECT_EQ(op.variables[0].type.to_string(), "DomainName!");
  EXPECT_EQ(op.variables[1].default_value->text, "10");
  const auto& account = op.selection_set[0];
  EXPECT_EQ(account.selection_set[0].alias, "list");
  EXPECT_EQ(account.selection_set[0].name, "listUsers");
  EXPECT_EQ(account.selection_set[1].kind, Selection::Kind::kFragmentSpread);
  EXPECT_EQ(doc->fragments[0].type_condition, "AccountAdminQuery");
  const auto& list = doc->operations[1].selection_set[0].arguments[0].value;
  ASSERT_EQ(list.list.size(), 8u);
  EXPECT_EQ(list.list[1].kind, Value::Kind::kFloat);
  EXPECT_EQ(list.list[3].text, "block");
  EXPECT_EQ(list.list[6].kind, Value::Kind::kEnum);
  EXPECT_EQ(list.list[7].fields[0].second.kind, Value::Kind::kVariable);
}

TEST(GraphqlParser, ReportsTheFirstSyntaxErrorWithItsPosition) {
  auto doc = parse_request("{\n  a(x: )\n}");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().message, "Syntax Error: Unexpected \")\".");
  EXPECT_EQ(doc.error().locations[0].line, 2u);
  EXPECT_EQ(doc.error().locations[0].column, 8u);
  EXPECT_FALSE(parse_request(""));
  EXPECT_FALSE(parse_request("{ a"));
  EXPECT_FALSE(parse_request("{ a(x: \"unterminated) }"));
  EXPECT_FALSE(parse_request("{ a(x: 01) }"));
  EXPECT_FALSE(parse_request("{ a(x: $v) } garbage"));
  EXPECT_FALSE(parse_request("query ($v: Int = $w) { a }"));  // defaults are constants
  EXPECT_FALSE(parse_request("fragment on on T { a }"));
  EXPECT_FALSE(parse_request("type T { a: Int }"));  // schema language is no request
}

TEST(GraphqlParser, RefusesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "{ a ";
  EXPECT_EQ(parse_request(deep).error().message, "Syntax Error: Document is nested too deeply.");
  std::string deep_list = "{ a(x: " + std::string(200, '[') + ") }";
  EXPECT_FALSE(parse_request(deep_list));
}

TEST(GraphqlParser, DecodesStringEscapesAndBlockStrings) {
  auto v = parse_value(R"("a\"b\\\n\u00e9\uD83D\uDE00")");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text, "a\"b\\\n\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_FALSE(parse_value(R"("\uD83D")"));  // a lone surrogate
  auto block = parse_value("\"\"\"\n    first\n      second\n    \"\"\"");
  ASSERT_TRUE(block);
  EXPECT_EQ(block->text, "first\n  second");
}

TEST(GraphqlSchema, BuildsFromSchemaLanguageAndChecksReferences) {
  auto schema = Schema::parse(R"(
    schema { query: Q mutation: M }
    "The root" type Q { a(x: Int = 3 @deprecated): [T!]! u: U }
    type M { b: Int }
    interface Named { name: String }
    type T implements Named @custom { name: String }
    union U = T
    enum E { ONE TWO }
    input I { e: E = ONE, s: String! }
    directive @custom on OBJECT
  )");
  ASSERT_TRUE(schema) << schema.error().message;
  EXPECT_EQ(schema->root(OperationType::kQuery)->name, "Q");
  EXPECT_EQ(schema->type("Q")->description, "The root");
  EXPECT_EQ(schema->type("Q")->field("a")->type.to_string(), "[T!]!");
  EXPECT_EQ(schema->possible_types(*schema->type("Named")).size(), 1u);
  EXPECT_TRUE(schema->type("__Schema"));
  EXPECT_FALSE(Schema::parse("type Q { a: Missing }"));
  EXPECT_FALSE(Schema::parse("type Query { a: Int } type Query { b: Int }"));
  EXPECT_FALSE(Schema::parse("type Query { a(x: Query): Int }"));  // output type as input
  EXPECT_FALSE(Schema::parse("type M { a: Int }"));                // no query root
}

}  // namespace
}  // namespace meerkat::graphql
