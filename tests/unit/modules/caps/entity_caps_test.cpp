// SPDX-License-Identifier: Apache-2.0
// Entity capabilities: reading caps from presence, and the XEP-0115 and XEP-0390 hashes
// checked against the examples of those specifications.
#include "modules/caps/entity_caps.hpp"

#include <gtest/gtest.h>

#include "core/xml/element_parser.hpp"

namespace meerkat::modules::caps {
namespace {

xml::Element parse(std::string_view text) { return xml::parse_element(text).value(); }

const std::vector<CapsVersion> kBoth{CapsVersion::kV1, CapsVersion::kV2};

// XEP-0115 §5.2.
constexpr std::string_view kSimple =
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
    "<feature var='http://jabber.org/protocol/caps'/>"
    "<feature var='http://jabber.org/protocol/disco#info'/>"
    "<feature var='http://jabber.org/protocol/disco#items'/>"
    "<feature var='http://jabber.org/protocol/muc'/></query>";

// XEP-0115 §5.3, with a software information form and identities in two languages.
constexpr std::string_view kComplex =
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
    "<identity xml:lang='el' category='client' name='\xCE\xA8 0.11' type='pc'/>"
    "<feature var='http://jabber.org/protocol/caps'/>"
    "<feature var='http://jabber.org/protocol/disco#info'/>"
    "<feature var='http://jabber.org/protocol/disco#items'/>"
    "<feature var='http://jabber.org/protocol/muc'/>"
    "<x xmlns='jabber:x:data' type='result'>"
    "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
    "<field var='ip_version'><value>ipv4</value><value>ipv6</value></field>"
    "<field var='os'><value>Mac</value></field>"
    "<field var='os_version'><value>10.5.1</value></field>"
    "<field var='software'><value>Psi</value></field>"
    "<field var='software_version'><value>0.11</value></field></x></query>";

// XEP-0390 §4.5.1, features shuffled.
constexpr std::string_view kBombus =
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<identity category='client' name='BombusMod' type='mobile'/>"
    "<feature var='http://jabber.org/protocol/si'/>"
    "<feature var='http://jabber.org/protocol/bytestreams'/>"
    "<feature var='http://jabber.org/protocol/chatstates'/>"
    "<feature var='http://jabber.org/protocol/disco#info'/>"
    "<feature var='http://jabber.org/protocol/disco#items'/>"
    "<feature var='urn:xmpp:ping'/><feature var='jabber:iq:time'/>"
    "<feature var='jabber:iq:privacy'/><feature var='jabber:iq:version'/>"
    "<feature var='http://jabber.org/protocol/rosterx'/><feature var='urn:xmpp:time'/>"
    "<feature var='jabber:x:oob'/><feature var='http://jabber.org/protocol/ibb'/>"
    "<feature var='http://jabber.org/protocol/si/profile/file-transfer'/>"
    "<feature var='urn:xmpp:receipts'/><feature var='jabber:iq:roster'/>"
    "<feature var='jabber:iq:last'/></query>";

TEST(EntityCaps, Version1HashesMatchTheSpecification) {
  EXPECT_EQ(caps_hash(CapsVersion::kV1, "sha-1", parse(kSimple)), "QgayPKawpkPSDYmwT/WM94uAlu0=");
  EXPECT_EQ(caps_hash(CapsVersion::kV1, "sha-1", parse(kComplex)), "q07IKJEyjvHSyhy//CH0CxmKi8w=");
}

TEST(EntityCaps, Version2HashMatchesTheSpecification) {
  EXPECT_EQ(caps_hash(CapsVersion::kV2, "sha-256", parse(kBombus)),
            "kzBZbkqJ3ADrj7v08reD1qcWUwNGHaidNUgD7nHpiw8=");
}

TEST(EntityCaps, DuplicateFeaturesOrUnknownAlgorithmsHaveNoHash) {
  auto duplicated = parse(
      "<query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' "
      "type='pc'/><feature var='a'/><feature var='a'/></query>");
  EXPECT_FALSE(caps_hash(CapsVersion::kV1, "sha-1", duplicated));
  EXPECT_FALSE(caps_hash(CapsVersion::kV1, "md5", parse(kSimple)));
  auto stray =
      parse("<query xmlns='http://jabber.org/protocol/disco#info'><foo xmlns='x'/></query>");
  EXPECT_FALSE(caps_hash(CapsVersion::kV2, "sha-256", stray));
}

TEST(EntityCaps, ReadsBothVersionsFromPresenceInTheConfiguredOrder) {
  auto presence = parse(
      "<presence xmlns='jabber:client'>"
      "<c xmlns='urn:xmpp:caps'><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>AAA=</hash>"
      "<hash xmlns='urn:xmpp:hashes:2' algo='sha-1'>BBB=</hash></c>"
      "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://psi-im.org' "
      "ver='q07IKJEyjvHSyhy//CH0CxmKi8w='/></presence>");
  auto refs = caps_of(presence, kBoth);
  ASSERT_EQ(refs.size(), 2u);  // v2's SHA-1 hash is not used
  EXPECT_EQ(refs[0].query_node(), "http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w=");
  EXPECT_EQ(refs[0].key(), "v1 sha-1 q07IKJEyjvHSyhy//CH0CxmKi8w=");
  EXPECT_EQ(refs[1].query_node(), "urn:xmpp:caps#sha-256.AAA=");
  auto v2_first = caps_of(presence, {CapsVersion::kV2, CapsVersion::kV1});
  EXPECT_EQ(v2_first[0].version, CapsVersion::kV2);
  EXPECT_EQ(caps_of(presence, {CapsVersion::kV2}).size(), 1u);
  EXPECT_TRUE(caps_of(parse("<presence xmlns='jabber:client'/>"), kBoth).empty());
}

TEST(EntityCaps, VerificationRejectsAnAnswerThatDoesNotHashToTheAnnouncedValue) {
  CapsRef good{CapsVersion::kV1, "http://code.google.com/p/exodus", "sha-1",
               "QgayPKawpkPSDYmwT/WM94uAlu0="};
  EXPECT_TRUE(verify(good, parse(kSimple)));
  EXPECT_FALSE(verify(good, parse(kComplex)));
  // Legacy caps carry no hash: only the client vouches for them.
  CapsRef legacy{CapsVersion::kV1, "http://example.org/client", "", "1.0"};
  EXPECT_TRUE(verify(legacy, parse(kComplex)));
  EXPECT_NE(legacy.key(), CapsRef({CapsVersion::kV1, "http://other", "", "1.0"}).key());
}

TEST(EntityCaps, FeaturesAreSortedAndUnique) {
  auto features = features_of(parse(kSimple));
  ASSERT_EQ(features.size(), 4u);
  EXPECT_EQ(features.front(), "http://jabber.org/protocol/caps");
  EXPECT_TRUE(std::is_sorted(features.begin(), features.end()));
}

}  // namespace
}  // namespace meerkat::modules::caps
