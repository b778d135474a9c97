// SPDX-License-Identifier: Apache-2.0
#include "graphql/execution.hpp"

#include <gtest/gtest.h>

#include "graphql/parser.hpp"
#include "graphql/validation.hpp"
#include "graphql_support.hpp"

namespace meerkat::graphql {
namespace {

namespace json = boost::json;
using testing::execute;

constexpr std::string_view kSdl = R"(
  type Query {
    account: AccountQuery
    greeting(name: String = "world"): String!
    failing: Int
    strict: Strict
    pets: [Pet!]
  }
  type Mutation { counter: CounterMutation }
  type Subscription { ticks(count: Int!): Tick }
  type AccountQuery { listUsers(domain: DomainName!, limit: Int): [String!] }
  type CounterMutation { add(by: Int!): Int! }
  type Strict { value: Int! other: Int }
  type Tick { n: Int! }
  interface Pet { name: String! }
  type Dog implements Pet { name: String! barks: Boolean }
  type Cat implements Pet { name: String! lives: Int }
  scalar DomainName
  input Filter { prefix: String! limit: Int = 2 }
)";

struct Fixture {
  Schema schema = Schema::parse(kSdl).value();
  Executor executor{schema};
  int counter = 0;

  Fixture() {
    schema.set_scalar_coercion("DomainName", [](const json::value& v) -> Coerced {
      if (!v.is_string() || v.as_string().empty()) return InputError{"Invalid domain name"};
      return v;
    });
    executor.resolve("AccountQuery", "listUsers",
                     [](const FieldContext& c) -> boost::asio::awaitable<FieldResult> {
                       std::string domain(c.arguments.at("domain").as_string());
                       json::array users{"alice@" + domain, "bob@" + domain};
                       if (auto* limit = c.arguments.if_contains("limit");
                           limit && !limit->is_null()) {
                         users.resize(static_cast<std::size_t>(limit->as_int64()));
                       }
                       co_return Resolved(json::value(users));
                     });
    executor.resolve("Query", "greeting",
                     [](const FieldContext& c) -> boost::asio::awaitable<FieldResult> {
                       co_return Resolved(
                           json::value("hello " + std::string(c.arguments.at("name").as_string())));
                     });
    executor.resolve("Query", "failing",
                     [](const FieldContext&) -> boost::asio::awaitable<FieldResult> {
                       co_return FieldError::coded("it failed", "internal_error");
                     });
    executor.resolve(
        "Query", "strict", [](const FieldContext&) -> boost::asio::awaitable<FieldResult> {
          co_return Resolved(json::value(json::object{{"value", nullptr}, {"other", 1}}));
        });
    executor.resolve("Query", "pets", [](const FieldContext&) -> boost::asio::awaitable<FieldResult> {
      co_return Resolved(json::parse(
          R"([{"__typename":"Dog","name":"Rex","barks":true},{"__typename":"Cat","name":"Tom","lives":9}])"));
    });
    executor.resolve("CounterMutation", "add",
                     [this](const FieldContext& c) -> boost::asio::awaitable<FieldResult> {
                       counter += static_cast<int>(c.arguments.at("by").as_int64());
                       co_return Resolved(json::value(counter));
                     });
  }

  std::string run(const std::string& query, const std::string& variables = "{}") {
    return json::serialize(execute(executor, query, variables).response);
  }
};

TEST(GraphqlExecution, ResolvesCategoriesAliasesFragmentsAndVariables) {
  Fixture f;
  EXPECT_EQ(
      f.run(R"(query Q($d: DomainName!) {
      account { first: listUsers(domain: $d, limit: 1) ...All }
      greeting
    }
    fragment All on AccountQuery { listUsers(domain: "b.example") })",
            R"({"d":"a.example"})"),
      R"({"data":{"account":{"first":["alice@a.example"],"listUsers":["alice@b.example","bob@b.example"]},"greeting":"hello world"}})");
}

TEST(GraphqlExecution, HonoursSkipAndInclude) {
  Fixture f;
  EXPECT_EQ(
      f.run(R"(query ($no: Boolean!) { greeting @skip(if: $no) g2: greeting @include(if: $no) })",
            R"({"no":true})"),
      R"({"data":{"g2":"hello world"}})");
}

TEST(GraphqlExecution, RunsMutationsInOrder) {
  Fixture f;
  EXPECT_EQ(f.run("mutation { counter { a: add(by: 2) b: add(by: 3) } }"),
            R"({"data":{"counter":{"a":2,"b":5}}})");
}

TEST(GraphqlExecution, ReportsFieldErrorsWithPathsAndPropagatesNulls) {
  Fixture f;
  EXPECT_EQ(
      f.run("{ failing greeting }"),
      R"({"errors":[{"message":"it failed","locations":[{"line":1,"column":3}],"path":["failing"],"extensions":{"code":"internal_error"}}],"data":{"failing":null,"greeting":"hello world"}})");
  auto strict = json::parse(f.run("{ strict { value other } }")).as_object();
  EXPECT_EQ(json::serialize(strict["data"]), R"({"strict":null})");
  EXPECT_EQ(json::serialize(strict["errors"].as_array()[0].as_object()["path"]),
            R"(["strict","value"])");
}

TEST(GraphqlExecution, ResolvesAbstractTypesByTypename) {
  Fixture f;
  EXPECT_EQ(
      f.run("{ pets { __typename name ... on Dog { barks } ... on Cat { lives } } }"),
      R"({"data":{"pets":[{"__typename":"Dog","name":"Rex","barks":true},{"__typename":"Cat","name":"Tom","lives":9}]}})");
}

TEST(GraphqlExecution, RejectsBadVariablesAndCustomScalarsBeforeOrDuringExecution) {
  Fixture f;
  auto missing =
      execute(f.executor, "query ($d: DomainName!) { account { listUsers(domain: $d) } }");
  EXPECT_TRUE(missing.request_error);
  auto wrong =
      execute(f.executor, "query ($n: Int) { account { listUsers(domain: \"x\", limit: $n) } }",
              R"({"n":"three"})");
  EXPECT_TRUE(wrong.request_error);
  EXPECT_NE(json::serialize(wrong.response).find("Int cannot represent non-integer value"),
            std::string::npos);
  auto bad_scalar = execute(f.executor, R"({ account { listUsers(domain: "") } })");
  EXPECT_FALSE(bad_scalar.request_error);
  EXPECT_NE(json::serialize(bad_scalar.response).find("Invalid domain name"), std::string::npos);
}

TEST(GraphqlExecution, AnswersIntrospection) {
  Fixture f;
  auto r = json::parse(f.run(R"({
    __schema { queryType { name } subscriptionType { name } types { name kind } }
    pet: __type(name: "Pet") { kind possibleTypes { name } }
    list: __type(name: "Query") { fields { name type { kind ofType { kind ofType { name } } } } }
  })"))
               .as_object();
  ASSERT_FALSE(r.contains("errors")) << json::serialize(r);
  auto& data = r["data"].as_object();
  EXPECT_EQ(data["__schema"].at("queryType").at("name"), "Query");
  EXPECT_EQ(json::serialize(data["pet"]),
            R"({"kind":"INTERFACE","possibleTypes":[{"name":"Dog"},{"name":"Cat"}]})");
  auto& pets = data["list"].at("fields").as_array()[4].as_object();
  EXPECT_EQ(json::serialize(pets["type"]),
            R"({"kind":"LIST","ofType":{"kind":"NON_NULL","ofType":{"name":"Pet"}}})");
}

TEST(GraphqlExecution, StopsRequestsThatAskForTooManyFields) {
  Fixture f;
  std::string query = "{";
  for (int i = 0; i < 1000; ++i) {
    query += " a" + std::to_string(i) + ": __schema { types { name fields { name args { name } } } }";
  }
  auto result = execute(f.executor, query + " }");
  EXPECT_FALSE(result.request_error);
  EXPECT_TRUE(result.response.at("data").is_null());
  auto& errors = result.response.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("extensions").at("code"), "too_many_fields");
}

std::vector<std::string> errors_of(const Schema& schema, const std::string& query) {
  std::vector<std::string> out;
  for (auto& e : validate(schema, parse_request(query).value())) out.push_back(e.message);
  return out;
}

TEST(GraphqlValidation, AcceptsValidRequests) {
  Fixture f;
  for (const char* q : {
           "{ greeting }",
           "query A { greeting } query B { g: greeting(name: \"x\") }",
           "query ($d: DomainName!) { account { listUsers(domain: $d) } }",
           "{ pets { name ... on Dog { barks } } }",
           "{ ...F } fragment F on Query { greeting }",
           "subscription { ticks(count: 2) { n } }",
           "{ greeting greeting }",
       }) {
    EXPECT_EQ(errors_of(f.schema, q), std::vector<std::string>{}) << q;
  }
}

TEST(GraphqlValidation, ComparesARepeatedAliasInLinearTime) {
  Fixture f;
  std::string same = "{";
  for (int i = 0; i < 50000; ++i) same += " g: greeting";
  EXPECT_EQ(errors_of(f.schema, same + " }"), std::vector<std::string>{});
  std::string conflict = "{";
  for (int i = 0; i < 50000; ++i) conflict += i == 49999 ? " g: failing" : " g: greeting";
  EXPECT_FALSE(errors_of(f.schema, conflict + " }").empty());
}

TEST(GraphqlValidation, RejectsInvalidRequestsWithTheRuleMessage) {
  Fixture f;
  struct Case {
    const char* query;
    const char* message;
  };
  for (auto [q, message] : std::initializer_list<Case>{
           {"{ nope }", "Cannot query field \"nope\" on type \"Query\"."},
           {"{ account }",
            "Field \"account\" of type \"AccountQuery\" must have a selection of "
            "subfields. Did you mean \"account { ... }\"?"},
           {"{ greeting { x } }",
            "Field \"greeting\" must not have a selection since type "
            "\"String!\" has no subfields."},
           {"{ greeting(nope: 1) }", "Unknown argument \"nope\" on field \"Query.greeting\"."},
           {"{ account { listUsers } }",
            "Field \"listUsers\" argument \"domain\" of type "
            "\"DomainName!\" is required, but it was not provided."},
           {"{ greeting(name: 3) }", "String cannot represent a non string value: 3"},
           {"query ($v: Int) { greeting(name: $v) }",
            "Variable \"$v\" of type \"Int\" used in position expecting type \"String\"."},
           {"{ greeting(name: $undefined) }", "Variable \"$undefined\" is not defined."},
           {"query ($unused: Int) { greeting }", "Variable \"$unused\" is never used."},
           {"{ ...Missing }", "Unknown fragment \"Missing\"."},
           {"{ greeting } fragment F on Query { greeting }", "Fragment \"F\" is never used."},
           {"{ ...A } fragment A on Query { ...A }", "Cannot spread fragment \"A\" within itself."},
           {"{ greeting @unknown }", "Unknown directive \"@unknown\"."},
           {"{ a: greeting(name: \"x\") a: greeting(name: \"y\") }",
            "Fields \"a\" conflict because they have differing arguments. Use different aliases "
            "on the fields to fetch both if this was intentional."},
           {"subscription { ticks(count: 1) { n } t2: ticks(count: 2) { n } }",
            "Anonymous Subscription must select only one top level field."},
           {"{ greeting } { greeting }",
            "This anonymous operation must be the only defined operation."},
           {"{ pets { ... on Strict { value } } }",
            "Fragment cannot be spread here as objects of type \"Pet\" can never be of type "
            "\"Strict\"."},
       }) {
    auto errors = errors_of(f.schema, q);
    ASSERT_FALSE(errors.empty()) << q;
    EXPECT_EQ(errors.front(), message) << q;
  }
}

}  // namespace
}  // namespace meerkat::graphql
