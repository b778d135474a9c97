// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/stanza_id.hpp"

#include <gtest/gtest.h>

#include "core/ns.hpp"

namespace meerkat::stanza {
namespace {

TEST(StanzaId, FindsAddsAndStripsTheStampOfOneEntity) {
  xml::Element message("message", std::string(ns::kClient));
  message.append(xml::Element("body", std::string(ns::kClient))).append_text("hi");
  EXPECT_EQ(stanza_id_by(message, "bob@localhost"), nullptr);
  add_stanza_id(message, "bob@localhost", "1");
  add_stanza_id(message, "room@muc.localhost", "2");
  add_stanza_id(message, "bob@localhost", "3");
  const auto* found = stanza_id_by(message, "bob@localhost");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->attr_or("id", ""), "1");  // the first one
  strip_stanza_ids(message, "bob@localhost");
  EXPECT_EQ(stanza_id_by(message, "bob@localhost"), nullptr);
  EXPECT_EQ(stanza_id_by(message, "room@muc.localhost")->attr_or("id", ""), "2");
  EXPECT_EQ(message.child_text("body", ns::kClient), "hi");
}

}  // namespace
}  // namespace meerkat::stanza
