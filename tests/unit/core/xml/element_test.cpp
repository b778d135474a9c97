// SPDX-License-Identifier: Apache-2.0
#include "core/xml/element.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meerkat::xml {
namespace {

TEST(Element, SetAttrReplacesAnExistingValue) {
  Element e("message", "jabber:client");
  e.set_attr("to", "a@b").set_attr("type", "chat").set_attr("to", "c@d");
  ASSERT_EQ(e.attrs().size(), 2u);
  EXPECT_EQ(e.attr("to"), "c@d");
  EXPECT_EQ(e.attrs()[0].name, "to");
  EXPECT_EQ(e.attr_or("id", "none"), "none");
}

TEST(Element, RemoveAttrReportsWhetherItExisted) {
  Element e("iq");
  e.set_attr("id", "1");
  EXPECT_TRUE(e.remove_attr("id"));
  EXPECT_FALSE(e.remove_attr("id"));
  EXPECT_FALSE(e.attr("id").has_value());
}

TEST(Element, AppendTextMergesAdjacentText) {
  Element e("body");
  e.append_text("Hello, ");
  e.append_text("world");
  EXPECT_EQ(e.nodes().size(), 1u);
  EXPECT_EQ(e.text(), "Hello, world");
}

TEST(Element, ChildrenSkipsTextNodes) {
  Element e("message");
  e.append_text(" ");
  e.append(Element("body")).append_text("hi");
  e.append_text("\n");
  e.append(Element("thread"));
  std::vector<std::string> names;
  for (const Element& child : std::as_const(e).children()) names.push_back(child.name());
  EXPECT_EQ(names, (std::vector<std::string>{"body", "thread"}));
  EXPECT_TRUE(e.has_children());
  EXPECT_EQ(e.text(), " \n");
}

TEST(Element, FindChildMatchesNameAndNamespace) {
  Element iq("iq", "jabber:client");
  iq.append(Element("query", "jabber:iq:roster"));
  iq.append(Element("query", "jabber:iq:version"));
  const Element* found = iq.find_child("query", "jabber:iq:version");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->xmlns(), "jabber:iq:version");
  EXPECT_EQ(iq.find_child("query", "urn:other"), nullptr);
  EXPECT_EQ(iq.find_child_ns("jabber:iq:roster"), &*iq.children().begin());
}

TEST(Element, ChildTextIsEmptyWhenChildIsMissing) {
  Element m("message");
  m.append(Element("body", "jabber:client")).append_text("x");
  EXPECT_EQ(m.child_text("body", "jabber:client"), "x");
  EXPECT_EQ(m.child_text("subject", "jabber:client"), "");
}

TEST(Element, SetTextKeepsChildElements) {
  Element e("x");
  e.append_text("old");
  e.append(Element("y"));
  e.set_text("new");
  EXPECT_EQ(e.text(), "new");
  EXPECT_NE(e.find_child("y", ""), nullptr);
}

TEST(Element, EqualityComparesTheWholeTree) {
  Element a("a", "urn:a");
  a.set_attr("k", "v");
  a.append(Element("b")).append_text("t");
  Element b = a;
  EXPECT_EQ(a, b);
  b.find_child("b", "")->append_text("u");
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace meerkat::xml
