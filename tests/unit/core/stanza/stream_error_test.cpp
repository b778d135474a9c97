// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/stream_error.hpp"

#include <gtest/gtest.h>

#include "core/ns.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::stanza {
namespace {

TEST(StreamErrorNames, MatchRfc6120) {
  EXPECT_EQ(to_string(StreamErrorCondition::kBadFormat), "bad-format");
  EXPECT_EQ(to_string(StreamErrorCondition::kHostUnknown), "host-unknown");
  EXPECT_EQ(to_string(StreamErrorCondition::kSeeOtherHost), "see-other-host");
  EXPECT_EQ(to_string(StreamErrorCondition::kUnsupportedVersion), "unsupported-version");
}

TEST(StreamErrorNames, RoundTripForEveryCondition) {
  for (int i = 0; i <= static_cast<int>(StreamErrorCondition::kUnsupportedVersion); ++i) {
    auto condition = static_cast<StreamErrorCondition>(i);
    EXPECT_EQ(stream_error_condition_from_string(to_string(condition)), condition);
  }
  EXPECT_FALSE(stream_error_condition_from_string("no-such-condition"));
}

TEST(StreamErrorElement, WritesConditionAndText) {
  auto element =
      make_stream_error_element({StreamErrorCondition::kHostUnknown, "no such host here"});
  EXPECT_EQ(xml::to_string(element, ns::kClient),
            "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
            "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>no such host "
            "here</text></stream:error>");
}

TEST(StreamErrorElement, LeavesOutEmptyText) {
  auto element = make_stream_error_element({StreamErrorCondition::kSystemShutdown});
  EXPECT_EQ(xml::to_string(element, ns::kClient),
            "<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
            "</stream:error>");
}

TEST(StreamErrorElement, CarriesTheOtherHost) {
  StreamError error{StreamErrorCondition::kSeeOtherHost, "", "[2001:db8::1]:5222"};
  auto element = make_stream_error_element(error);
  EXPECT_EQ(xml::to_string(element, ns::kServer),
            "<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>"
            "[2001:db8::1]:5222</see-other-host></stream:error>");
  auto parsed = parse_stream_error(element);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->see_other_host, "[2001:db8::1]:5222");
}

TEST(StreamErrorParse, ReadsWhatMakeWrites) {
  auto parsed =
      parse_stream_error(make_stream_error_element({StreamErrorCondition::kConflict, "replaced"}));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->condition, StreamErrorCondition::kConflict);
  EXPECT_EQ(parsed->text, "replaced");
}

TEST(StreamErrorParse, ReadsUnknownConditionsAsUndefined) {
  xml::Element element("error", std::string(ns::kStreams));
  element.append(xml::Element("app-specific", "urn:example"));
  element.append(xml::Element("flux-capacitor", std::string(ns::kStreamErrors)));
  auto parsed = parse_stream_error(element);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->condition, StreamErrorCondition::kUndefinedCondition);
  EXPECT_FALSE(parse_stream_error(xml::Element("error", std::string(ns::kClient))));
}

TEST(StreamErrorFromParser, MapsEachParseError) {
  EXPECT_EQ(to_stream_error(xml::ParseError::kNotWellFormed, "x").condition,
            StreamErrorCondition::kNotWellFormed);
  EXPECT_EQ(to_stream_error(xml::ParseError::kRestrictedXml, "x").condition,
            StreamErrorCondition::kRestrictedXml);
  EXPECT_EQ(to_stream_error(xml::ParseError::kPolicyViolation, "x").condition,
            StreamErrorCondition::kPolicyViolation);
  EXPECT_EQ(to_stream_error(xml::ParseError::kUnsupportedEncoding, "x").condition,
            StreamErrorCondition::kUnsupportedEncoding);
  EXPECT_EQ(to_stream_error(xml::ParseError::kBadFormat, "x").condition,
            StreamErrorCondition::kBadFormat);
  EXPECT_EQ(to_stream_error(xml::ParseError::kBadFormat, "why").text, "why");
}

}  // namespace
}  // namespace meerkat::stanza
