// SPDX-License-Identifier: Apache-2.0
#include "core/xml/writer.hpp"

#include <gtest/gtest.h>

#include "core/ns.hpp"

namespace meerkat::xml {
namespace {

TEST(XmlWriter, WritesEmptyElementsSelfClosed) {
  EXPECT_EQ(to_string(Element("presence")), "<presence/>");
}

TEST(XmlWriter, EmitsXmlnsOnlyWhenItDiffersFromTheParent) {
  Element iq("iq", std::string(ns::kClient));
  iq.set_attr("type", "result");
  Element& query = iq.append(Element("query", "jabber:iq:roster"));
  query.append(Element("item", "jabber:iq:roster")).set_attr("jid", "a@b");
  EXPECT_EQ(to_string(iq, ns::kClient),
            "<iq type='result'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>");
  EXPECT_EQ(to_string(iq),
            "<iq xmlns='jabber:client' type='result'><query "
            "xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>");
}

TEST(XmlWriter, UndeclaresTheDefaultNamespaceForNoNamespaceChildren) {
  Element x("x", "urn:x");
  x.append(Element("y"));
  EXPECT_EQ(to_string(x, "urn:x"), "<x><y xmlns=''/></x>");
}

TEST(XmlWriter, WritesStreamsNamespaceWithThePrefix) {
  Element features("features", std::string(ns::kStreams));
  features.append(Element("starttls", std::string(ns::kTls)))
      .append(Element("required", std::string(ns::kTls)));
  features.append(Element("bind", std::string(ns::kBind)));
  EXPECT_EQ(to_string(features, ns::kClient),
            "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
            "</starttls><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
}

// ejabberd's parser matches dialback elements by their prefixed name.
TEST(XmlWriter, WritesDialbackNamespaceWithThePrefix) {
  Element result("result", std::string(ns::kDialback));
  result.set_attr("from", "a.test");
  result.append_text("key");
  EXPECT_EQ(to_string(result, ns::kServer), "<db:result from='a.test'>key</db:result>");
}

TEST(XmlWriter, ChildOfStreamElementInContentNamespaceHasNoXmlns) {
  Element error("error", std::string(ns::kStreams));
  error.append(Element("message", std::string(ns::kClient)));
  EXPECT_EQ(to_string(error, ns::kClient), "<stream:error><message/></stream:error>");
}

TEST(XmlWriter, EscapesText) {
  Element body("body");
  body.append_text("a < b && c > d ]]> \"q\" 'a'\r\n");
  EXPECT_EQ(to_string(body), "<body>a &lt; b &amp;&amp; c &gt; d ]]&gt; \"q\" 'a'&#13;\n</body>");
}

TEST(XmlWriter, EscapesAttributeValues) {
  Element e("x");
  e.set_attr("a", "<&>'\"\t\n\r");
  EXPECT_EQ(to_string(e), "<x a='&lt;&amp;&gt;&apos;&quot;&#9;&#10;&#13;'/>");
}

TEST(XmlWriter, KeepsUtf8Untouched) {
  Element e("body");
  e.append_text("Grüße 😀");
  EXPECT_EQ(to_string(e), "<body>Grüße 😀</body>");
}

TEST(XmlWriter, SkipsAnXmlnsAttributeInFavourOfTheElementNamespace) {
  Element e("x", "urn:x");
  e.set_attr("xmlns", "urn:wrong");
  e.set_attr("xml:lang", "en");
  EXPECT_EQ(to_string(e), "<x xmlns='urn:x' xml:lang='en'/>");
}

TEST(XmlWriter, StandaloneElementsDeclareTheirNamespaces) {
  Element message("message", std::string(ns::kClient));
  message.append(Element("body", std::string(ns::kClient))).append_text("hi");
  std::string out;
  write_standalone(message, out);
  EXPECT_EQ(out, "<message xmlns='jabber:client'><body>hi</body></message>");

  Element features("features", std::string(ns::kStreams));
  features.append(Element("bind", "urn:ietf:params:xml:ns:xmpp-bind"));
  out = "prefix";
  write_standalone(features, out);
  EXPECT_EQ(out,
            "prefix<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
}

TEST(StreamHeader, WritesTheClientHeader) {
  StreamHeader h;
  h.id = "abc";
  h.from = "example.com";
  EXPECT_EQ(stream_header(h),
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            "xmlns:stream='http://etherx.jabber.org/streams' id='abc' from='example.com' "
            "version='1.0' xml:lang='en'>");
}

TEST(StreamHeader, LeavesOutEmptyFieldsAndDeclaresDialback) {
  StreamHeader h{.xmlns = std::string(ns::kServer),
                 .to = "remote.example",
                 .version = "",
                 .lang = "",
                 .declare_dialback = true,
                 .xml_declaration = false};
  EXPECT_EQ(stream_header(h),
            "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
            "xmlns:db='jabber:server:dialback' to='remote.example'>");
  EXPECT_EQ(kStreamClose, "</stream:stream>");
}

}  // namespace
}  // namespace meerkat::xml
