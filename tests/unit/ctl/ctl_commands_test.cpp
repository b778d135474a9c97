// SPDX-License-Identifier: Apache-2.0
#include "ctl/ctl_commands.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "api/graphql/schema_text.hpp"
#include "graphql/parser.hpp"
#include "graphql/validation.hpp"

namespace meerkat::ctl {
namespace {

struct Fixture {
  graphql::Schema schema = graphql::Schema::parse(api::graphql::admin_schema_text()).value();
  Catalog catalog{schema};
};

TEST(CtlCommands, ComeFromTheAdminSchema) {
  Fixture f;
  auto categories = f.catalog.categories();
  EXPECT_NE(std::find(categories.begin(), categories.end(), "account"), categories.end());
  EXPECT_NE(std::find(categories.begin(), categories.end(), "session"), categories.end());
  ASSERT_TRUE(f.catalog.find("account", "registerUser"));
  EXPECT_TRUE(f.catalog.find("account", "registerUser")->mutation);
  EXPECT_FALSE(f.catalog.find("account", "listUsers")->mutation);
  EXPECT_FALSE(f.catalog.find("account", "nope"));
}

TEST(CtlCommands, BuildValidRequestsWithTypedVariables) {
  Fixture f;
  for (const auto& category : f.catalog.categories()) {
    for (const auto* command : f.catalog.commands(category)) {
      std::vector<std::pair<std::string, std::string>> none;
      auto built = f.catalog.build(*command, none);
      if (auto* request = std::get_if<BuiltRequest>(&built)) {
        auto document = graphql::parse_request(request->query);
        ASSERT_TRUE(document) << request->query;
        EXPECT_TRUE(graphql::validate(f.schema, *document).empty()) << request->query;
      }
    }
  }
  auto built = f.catalog.build(*f.catalog.find("account", "listUsers"),
                               {{"domain", "localhost"}, {"limit", "5"}});
  auto& request = std::get<BuiltRequest>(built);
  EXPECT_EQ(request.query,
            "query($domain: DomainName!, $limit: PosInt) { account { listUsers(domain: $domain, "
            "limit: $limit)  } }");
  EXPECT_EQ(boost::json::serialize(request.variables), R"({"domain":"localhost","limit":5})");
}

TEST(CtlCommands, ExplainBadOptions) {
  Fixture f;
  const auto& list = *f.catalog.find("account", "listUsers");
  EXPECT_EQ(std::get<std::string>(f.catalog.build(list, {})),
            "missing option --domain (DomainName!)");
  EXPECT_EQ(std::get<std::string>(f.catalog.build(list, {{"domain", "a"}, {"nope", "1"}})),
            "unknown option --nope for account listUsers");
  EXPECT_EQ(std::get<std::string>(f.catalog.build(list, {{"domain", "a"}, {"limit", "five"}})),
            "--limit expects a PosInt (as JSON), got: five");
  EXPECT_NE(f.catalog.command_usage(list).find("--domain DomainName!"), std::string::npos);
}

}  // namespace
}  // namespace meerkat::ctl
