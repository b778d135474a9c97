// SPDX-License-Identifier: Apache-2.0
// Personal node configuration forms: what the owner sees, what a submitted form changes,
// the values refused, and XEP-0060 publish-options preconditions.
#include "modules/pubsub/node_config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/xml/element_parser.hpp"

namespace meerkat::modules::pubsub {
namespace {

using storage::PubsubAccess;
using storage::PubsubNodeConfig;
using storage::SendLastItem;

xml::Element form(std::string_view fields, std::string_view form_type = kPublishOptions) {
  return xml::parse_element(
             "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>" +
             std::string(form_type) + "</value></field>" + std::string(fields) + "</x>")
      .value();
}

std::string field(std::string_view var, std::string_view value) {
  return "<field var='" + std::string(var) + "'><value>" + std::string(value) + "</value></field>";
}

std::map<std::string, std::string> values_of(const xml::Element& shown) {
  std::map<std::string, std::string> values;
  for (const auto& f : shown.children()) {
    values[std::string(f.attr_or("var", ""))] = f.child_text("value", "jabber:x:data");
  }
  return values;
}

TEST(NodeConfig, TheFormShowsTheConfiguration) {
  PubsubNodeConfig config;
  config.access = PubsubAccess::kWhitelist;
  config.max_items = 7;
  auto shown = config_form(config);
  EXPECT_EQ(shown.attr_or("type", ""), "form");
  auto values = values_of(shown);
  EXPECT_EQ(values["FORM_TYPE"], kNodeConfig);
  EXPECT_EQ(values["pubsub#access_model"], "whitelist");
  EXPECT_EQ(values["pubsub#max_items"], "7");
  EXPECT_EQ(values["pubsub#send_last_published_item"], "on_sub_and_presence");
  config.max_items.reset();
  EXPECT_EQ(values_of(config_form(config))["pubsub#max_items"], "max");
}

TEST(NodeConfig, ASubmittedFormChangesWhatItNames) {
  auto applied = apply_form(
      form(field("pubsub#access_model", "open") + field("pubsub#max_items", "max") +
               field("pubsub#persist_items", "true") +
               field("pubsub#send_last_published_item", "never") +
               field("pubsub#deliver_payloads", "1"),
           kNodeConfig),
      PubsubNodeConfig{PubsubAccess::kPresence, 5, true, SendLastItem::kOnSubAndPresence, true});
  ASSERT_TRUE(applied) << applied.error().text;
  EXPECT_EQ(applied->access, PubsubAccess::kOpen);
  EXPECT_FALSE(applied->max_items);
  EXPECT_EQ(applied->send_last, SendLastItem::kNever);
  EXPECT_TRUE(applied->notify_retract);  // not named, not changed
}

TEST(NodeConfig, UnsupportedOptionsAndValuesAreRefusedByName) {
  auto roster = apply_form(form(field("pubsub#access_model", "roster")), {});
  ASSERT_FALSE(roster);
  EXPECT_EQ(roster.error().condition, Condition::kNotAcceptable);
  EXPECT_NE(roster.error().text.find("pubsub#access_model"), std::string::npos);
  auto negative = apply_form(form(field("pubsub#max_items", "-1")), {});
  ASSERT_FALSE(negative);
  auto unknown = apply_form(form(field("pubsub#collection", "x")), {});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().text.find("pubsub#collection"), std::string::npos);
  EXPECT_FALSE(apply_form(form(field("pubsub#deliver_payloads", "0")), {}));
}

TEST(NodeConfig, PublishOptionsAreMetOnlyByAMatchingNode) {
  PubsubNodeConfig open;
  open.access = PubsubAccess::kOpen;
  EXPECT_TRUE(satisfies(open, form(field("pubsub#access_model", "open"))));
  EXPECT_FALSE(satisfies(PubsubNodeConfig{}, form(field("pubsub#access_model", "open"))));
  EXPECT_TRUE(satisfies(open, form(field("pubsub#persist_items", "1"))));
  EXPECT_FALSE(satisfies(open, form(field("pubsub#max_items", "1"))));
  EXPECT_FALSE(satisfies(open, form(field("pubsub#unknown", "1"))));
}

TEST(NodeConfig, PubsubErrorsCarryTheirCondition) {
  auto error = pubsub_error(ErrorType::kCancel, Condition::kConflict, "precondition-not-met");
  EXPECT_EQ(error.app_condition, "precondition-not-met");
  EXPECT_EQ(error.app_namespace, kPubsubErrors);
}

}  // namespace
}  // namespace meerkat::modules::pubsub
