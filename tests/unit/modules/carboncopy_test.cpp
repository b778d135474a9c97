// SPDX-License-Identifier: Apache-2.0
#include "modules/carboncopy/carboncopy_module.hpp"

#include <gtest/gtest.h>

#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::modules::carboncopy {
namespace {

xml::Element parse(std::string_view text) {
  auto element = xml::parse_element(text);
  EXPECT_TRUE(element) << text;
  return element ? std::move(*element) : xml::Element("invalid");
}

TEST(Carbons, CopyChatAndNormalMessagesWithABody) {
  EXPECT_TRUE(is_eligible(parse("<message type='chat'/>")));  // chat states, receipts…
  EXPECT_TRUE(is_eligible(parse("<message><body>hi</body></message>")));
  EXPECT_TRUE(is_eligible(parse("<message type='normal'><body>hi</body></message>")));
  EXPECT_FALSE(is_eligible(parse("<message type='normal'/>")));
  EXPECT_FALSE(is_eligible(parse("<message type='groupchat'><body>hi</body></message>")));
  EXPECT_FALSE(is_eligible(parse("<message type='headline'><body>hi</body></message>")));
  EXPECT_FALSE(is_eligible(parse("<message type='error'><body>hi</body></message>")));
  EXPECT_FALSE(is_eligible(parse("<presence/>")));
}

TEST(Carbons, RespectPrivateNoCopyAndDoNotCopyCarbons) {
  EXPECT_FALSE(is_eligible(
      parse("<message type='chat'><body>x</body><private xmlns='urn:xmpp:carbons:2'/></message>")));
  EXPECT_FALSE(is_eligible(
      parse("<message type='chat'><body>x</body><no-copy xmlns='urn:xmpp:hints'/></message>")));
  EXPECT_FALSE(is_eligible(parse(
      "<message type='chat'><received xmlns='urn:xmpp:carbons:2'/></message>")));
  EXPECT_FALSE(is_eligible(parse("<message type='chat'><sent xmlns='urn:xmpp:carbons:2'/></message>")));
}

TEST(Carbons, WrapTheOriginalInForwarded) {
  auto original = parse("<message from='bob@localhost/laptop' to='alice@localhost/phone' "
                        "type='chat'><body>hi</body></message>");
  auto user = jid::Jid::parse("alice@localhost");
  auto desktop = jid::Jid::parse("alice@localhost/desktop");
  ASSERT_TRUE(user && desktop);
  auto carbon = make_carbon(original, "received", *user, *desktop);
  EXPECT_EQ(xml::to_string(carbon),
            "<message xmlns='jabber:client' from='alice@localhost' to='alice@localhost/desktop' "
            "type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded "
            "xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='bob@localhost/laptop' "
            "to='alice@localhost/phone' type='chat'><body>hi</body></message></forwarded>"
            "</received></message>");
}

}  // namespace
}  // namespace meerkat::modules::carboncopy
