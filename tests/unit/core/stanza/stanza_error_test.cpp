// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/stanza_error.hpp"

#include <gtest/gtest.h>

#include "core/ns.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::stanza {
namespace {

xml::Element iq_request() {
  xml::Element iq("iq", std::string(ns::kClient));
  iq.set_attr("from", "juliet@example.com/balcony");
  iq.set_attr("id", "rg1");
  iq.set_attr("to", "example.com");
  iq.set_attr("type", "get");
  iq.append(xml::Element("query", "jabber:iq:roster"));
  return iq;
}

TEST(StanzaErrorReply, SwapsAddressesKeepsIdAndAddsTheError) {
  auto reply = make_error_reply(iq_request(),
                                {ErrorType::kCancel, Condition::kServiceUnavailable, "not here"});
  EXPECT_EQ(xml::to_string(reply, ns::kClient),
            "<iq id='rg1' from='example.com' to='juliet@example.com/balcony' type='error'>"
            "<error type='cancel'><service-unavailable "
            "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
            "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>not here</text></error>"
            "</iq>");
}

TEST(StanzaErrorReply, OmitsAddressesTheRequestDidNotHave) {
  xml::Element message("message", std::string(ns::kClient));
  message.set_attr("to", "romeo@example.net");
  auto reply = make_error_reply(message, Error::bad_request(""));
  EXPECT_EQ(xml::to_string(reply, ns::kClient),
            "<message from='romeo@example.net' type='error'><error type='modify'><bad-request "
            "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
}

TEST(StanzaErrorReply, RoundTripsThroughParse) {
  auto reply = make_error_reply(iq_request(), Error::jid_malformed("bad jid"));
  EXPECT_FALSE(may_reply_with_error(reply));
  EXPECT_TRUE(may_reply_with_error(iq_request()));
  auto parsed = parse_stanza_error(reply);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->type, ErrorType::kModify);
  EXPECT_EQ(parsed->condition, Condition::kJidMalformed);
  EXPECT_EQ(parsed->text, "bad jid");
}

TEST(StanzaErrorParse, ToleratesUnknownConditionsAndTypes) {
  xml::Element message("message", std::string(ns::kClient));
  message.set_attr("type", "error");
  xml::Element& error = message.append(xml::Element("error", std::string(ns::kClient)));
  error.set_attr("type", "strange");
  error.append(xml::Element("weird", std::string(ns::kStanzas)));
  auto parsed = parse_stanza_error(message);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->type, ErrorType::kCancel);
  EXPECT_EQ(parsed->condition, Condition::kUndefinedCondition);
  EXPECT_FALSE(parse_stanza_error(iq_request()));
}

TEST(StanzaErrorNames, RoundTripForEveryCondition) {
  for (int i = 0; i <= static_cast<int>(Condition::kUnexpectedRequest); ++i) {
    auto condition = static_cast<Condition>(i);
    EXPECT_EQ(condition_from_string(to_string(condition)), condition);
  }
  EXPECT_EQ(error_type_from_string("wait"), ErrorType::kWait);
  EXPECT_FALSE(error_type_from_string("later"));
}

}  // namespace
}  // namespace meerkat::stanza
