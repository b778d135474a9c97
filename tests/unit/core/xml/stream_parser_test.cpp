// SPDX-License-Identifier: Apache-2.0
#include "core/xml/stream_parser.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/ns.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::xml {
namespace {

constexpr std::string_view kHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' "
    "xml:lang='en'>";

struct Recorder : StreamHandler {
  std::vector<Element> headers;
  std::vector<Element> elements;
  int closes = 0;
  std::function<void(const Element&)> after_element;

  void on_stream_open(Element header) override { headers.push_back(std::move(header)); }
  void on_element(Element stanza) override {
    elements.push_back(std::move(stanza));
    if (after_element) after_element(elements.back());
  }
  void on_stream_close() override { ++closes; }
};

std::string with_header(std::string_view body) { return std::string(kHeader) + std::string(body); }

ParseError feed_bytewise(StreamParser& parser, std::string_view input) {
  for (char c : input) {
    if (ParseError e = parser.feed(std::string_view(&c, 1)); e != ParseError::kNone) return e;
  }
  return ParseError::kNone;
}

TEST(StreamParser, ReportsHeaderStanzasAndClose) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<message to='a@b' type='chat'><body>hi</body></message>"
                               "<presence/></stream:stream>")),
            ParseError::kNone);
  ASSERT_EQ(r.headers.size(), 1u);
  const Element& h = r.headers[0];
  EXPECT_EQ(h.name(), "stream");
  EXPECT_EQ(h.xmlns(), ns::kStreams);
  EXPECT_EQ(h.attr("xmlns"), ns::kClient);
  EXPECT_EQ(h.attr("xmlns:stream"), ns::kStreams);
  EXPECT_EQ(h.attr("to"), "example.com");
  EXPECT_EQ(h.attr("version"), "1.0");
  EXPECT_EQ(h.attr("xml:lang"), "en");
  ASSERT_EQ(r.elements.size(), 2u);
  EXPECT_EQ(r.elements[0].name(), "message");
  EXPECT_EQ(r.elements[0].xmlns(), ns::kClient);
  EXPECT_EQ(r.elements[0].child_text("body", ns::kClient), "hi");
  EXPECT_EQ(r.elements[1].name(), "presence");
  EXPECT_EQ(r.closes, 1);
  EXPECT_FALSE(p.is_stream_open());
}

TEST(StreamParser, ParsesTheSameWhenFedByteByByte) {
  const std::string input = with_header(
      "<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>"
      "<message><body>a &amp; b &lt; c &#x41;&#66;</body></message>");
  Recorder whole;
  StreamParser p1(whole);
  ASSERT_EQ(p1.feed(input), ParseError::kNone);
  Recorder bytewise;
  StreamParser p2(bytewise);
  ASSERT_EQ(feed_bytewise(p2, input), ParseError::kNone);
  ASSERT_EQ(bytewise.elements.size(), 2u);
  EXPECT_EQ(whole.elements, bytewise.elements);
  EXPECT_EQ(whole.headers, bytewise.headers);
  EXPECT_EQ(bytewise.elements[1].child_text("body", ns::kClient), "a & b < c AB");
}

TEST(StreamParser, JoinsMultibyteUtf8SplitAcrossChunks) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(kHeader), ParseError::kNone);
  const std::string stanza = "<message><body>Grüße 😀 ÄÖÜ</body></message>";
  ASSERT_EQ(feed_bytewise(p, stanza), ParseError::kNone);
  ASSERT_EQ(r.elements.size(), 1u);
  EXPECT_EQ(r.elements[0].child_text("body", ns::kClient), "Grüße 😀 ÄÖÜ");
}

TEST(StreamParser, DeliversEachStanzaAsSoonAsItIsComplete) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("<presence/><mess")), ParseError::kNone);
  EXPECT_EQ(r.elements.size(), 1u);
  ASSERT_EQ(p.feed("age/>"), ParseError::kNone);
  EXPECT_EQ(r.elements.size(), 2u);
}

TEST(StreamParser, ResolvesPrefixedElements) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("<stream:features><x:mechanisms xmlns:x='urn:ietf:params:xml:ns:"
                               "xmpp-sasl'><x:mechanism>PLAIN</x:mechanism></x:mechanisms>"
                               "</stream:features><db:result xmlns:db='jabber:server:dialback' "
                               "from='a' to='b'>key</db:result>")),
            ParseError::kNone);
  ASSERT_EQ(r.elements.size(), 2u);
  EXPECT_TRUE(r.elements[0].is("features", ns::kStreams));
  const Element* mechs = r.elements[0].find_child("mechanisms", ns::kSasl);
  ASSERT_NE(mechs, nullptr);
  EXPECT_EQ(mechs->child_text("mechanism", ns::kSasl), "PLAIN");
  EXPECT_TRUE(r.elements[1].is("result", ns::kDialback));
  EXPECT_EQ(r.elements[1].text(), "key");
  EXPECT_EQ(r.elements[1].attrs().size(), 2u);  // the xmlns:db declaration is not an attribute
}

TEST(StreamParser, KeepsXmlLangAndPrefixedAttributes) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("<message xml:lang='de' xmlns:e='urn:ext' e:flag='1'><body "
                               "xml:lang='fr'>salut</body></message>")),
            ParseError::kNone);
  ASSERT_EQ(r.elements.size(), 1u);
  const Element& m = r.elements[0];
  EXPECT_EQ(m.attr("xml:lang"), "de");
  EXPECT_EQ(m.attr("xmlns:e"), "urn:ext");
  EXPECT_EQ(m.attr("e:flag"), "1");
  EXPECT_EQ(m.find_child("body", ns::kClient)->attr("xml:lang"), "fr");
  EXPECT_EQ(to_string(m, ns::kClient),
            "<message xml:lang='de' xmlns:e='urn:ext' e:flag='1'><body "
            "xml:lang='fr'>salut</body></message>");
}

TEST(StreamParser, ParsesBackWhatTheWriterWrote) {
  Element m("message", std::string(ns::kClient));
  m.set_attr("to", "a@b/<&>'\"\t\n\r");
  m.set_attr("xml:lang", "en");
  Element& body = m.append(Element("body", std::string(ns::kClient)));
  body.append_text("]]> <tag> & 'q' \"d\" \r\n\t Grüße 😀");
  Element& ext = m.append(Element("x", "urn:x"));
  ext.append(Element("y", "urn:x")).append(Element("z"));
  ext.append_text("tail");
  m.append(Element("features", std::string(ns::kStreams)));

  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header(to_string(m, ns::kClient))), ParseError::kNone);
  ASSERT_EQ(r.elements.size(), 1u);
  EXPECT_EQ(r.elements[0], m);
}

TEST(StreamParser, AcceptsAnUnprefixedRootInTheStreamsNamespace) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed("<stream xmlns='http://etherx.jabber.org/streams'><x xmlns='urn:x'/>"),
            ParseError::kNone);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_TRUE(r.headers[0].is("stream", ns::kStreams));
  EXPECT_FALSE(r.headers[0].attr("xmlns:stream"));
  ASSERT_EQ(r.elements.size(), 1u);
}

TEST(StreamParser, ReportsAnUnboundPrefixAsNotWellFormed) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<foo:bar/>")), ParseError::kNotWellFormed);
  EXPECT_EQ(p.error(), ParseError::kNotWellFormed);
  EXPECT_FALSE(p.error_text().empty());
  EXPECT_TRUE(r.elements.empty());
}

TEST(StreamParser, ReportsMismatchedTagsAsNotWellFormed) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<message></presence>")), ParseError::kNotWellFormed);
}

TEST(StreamParser, StaysFailedAfterAnError) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("<a></b>")), ParseError::kNotWellFormed);
  EXPECT_EQ(p.feed("<presence/>"), ParseError::kNotWellFormed);
  EXPECT_TRUE(r.elements.empty());
}

TEST(StreamParser, RejectsInvalidUtf8) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<body>\xC3\x28</body>")), ParseError::kNotWellFormed);
}

TEST(StreamParser, RejectsEncodingsOtherThanUtf8) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed("<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream "
                   "xmlns:stream='http://etherx.jabber.org/streams'>"),
            ParseError::kUnsupportedEncoding);
  StreamParser ok(r);
  EXPECT_EQ(ok.feed("<?xml version='1.0' encoding='utf-8'?><stream:stream "
                    "xmlns:stream='http://etherx.jabber.org/streams'>"),
            ParseError::kNone);
}

TEST(StreamParserRestrictedXml, RejectsADoctype) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed("<?xml version='1.0'?><!DOCTYPE stream><stream:stream "
                   "xmlns:stream='http://etherx.jabber.org/streams'>"),
            ParseError::kRestrictedXml);
  EXPECT_TRUE(r.headers.empty());
}

TEST(StreamParserRestrictedXml, RejectsBillionLaughs) {
  Recorder r;
  StreamParser p(r);
  std::string doc =
      "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
      "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
      "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>"
      "<!ENTITY lol4 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>]>"
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
      "<message><body>&lol4;</body></message>";
  EXPECT_EQ(p.feed(doc), ParseError::kRestrictedXml);
  EXPECT_TRUE(r.headers.empty());
  EXPECT_TRUE(r.elements.empty());
}

TEST(StreamParserRestrictedXml, RejectsExternalEntities) {
  Recorder r;
  StreamParser p(r);
  std::string doc =
      "<?xml version='1.0'?><!DOCTYPE foo [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
      "<message><body>&xxe;</body></message>";
  EXPECT_EQ(p.feed(doc), ParseError::kRestrictedXml);
  EXPECT_TRUE(r.elements.empty());
}

TEST(StreamParserRestrictedXml, RejectsAnExternalDtdSubset) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed("<!DOCTYPE stream SYSTEM 'http://evil.example/x.dtd'><stream:stream "
                   "xmlns:stream='http://etherx.jabber.org/streams'>"),
            ParseError::kRestrictedXml);
}

TEST(StreamParserRestrictedXml, RejectsUndeclaredEntityReferences) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<message><body>&nbsp;</body></message>")),
            ParseError::kRestrictedXml);
  EXPECT_TRUE(r.elements.empty());
}

TEST(StreamParserRestrictedXml, RejectsEntityReferencesInAttributes) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<message to='&foo;'/>")), ParseError::kRestrictedXml);
}

TEST(StreamParserRestrictedXml, RejectsComments) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<message><!-- hi --></message>")), ParseError::kRestrictedXml);
  Recorder r2;
  StreamParser before_root(r2);
  EXPECT_EQ(before_root.feed("<!-- hi -->"), ParseError::kRestrictedXml);
}

TEST(StreamParserRestrictedXml, RejectsProcessingInstructions) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<message><?php echo 1; ?></message>")), ParseError::kRestrictedXml);
  Recorder r2;
  StreamParser before_root(r2);
  EXPECT_EQ(before_root.feed("<?xml version='1.0'?><?xml-stylesheet href='a'?>"),
            ParseError::kRestrictedXml);
}

TEST(StreamParserRestrictedXml, AllowsCdataSections) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("<message><body><![CDATA[<b>&x;</b>]]></body></message>")),
            ParseError::kNone);
  ASSERT_EQ(r.elements.size(), 1u);
  EXPECT_EQ(r.elements[0].child_text("body", ns::kClient), "<b>&x;</b>");
}

TEST(StreamParser, IgnoresWhitespaceBetweenStanzas) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header(" \n\t<presence/>\r\n ")), ParseError::kNone);
  ASSERT_EQ(p.feed(" "), ParseError::kNone);
  ASSERT_EQ(p.feed("<presence/>"), ParseError::kNone);
  EXPECT_EQ(r.elements.size(), 2u);
  EXPECT_TRUE(r.elements[0].nodes().empty());
}

TEST(StreamParser, KeepsWhitespaceInsideStanzas) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("<message>\n <body> a </body>\n</message>")), ParseError::kNone);
  ASSERT_EQ(r.elements.size(), 1u);
  EXPECT_EQ(r.elements[0].text(), "\n \n");
  EXPECT_EQ(r.elements[0].child_text("body", ns::kClient), " a ");
}

TEST(StreamParser, RejectsTextBetweenStanzas) {
  Recorder r;
  StreamParser p(r);
  EXPECT_EQ(p.feed(with_header("<presence/>hello")), ParseError::kBadFormat);
}

TEST(StreamParser, RejectsDataAfterTheStreamIsClosed) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("</stream:stream>")), ParseError::kNone);
  EXPECT_EQ(r.closes, 1);
  EXPECT_EQ(p.feed("<presence/>"), ParseError::kNotWellFormed);
}

TEST(StreamParserLimits, AcceptsAStanzaOfExactlyMaxStanzaSize) {
  const std::string stanza = "<message><body>" + std::string(50, 'x') + "</body></message>";
  Recorder r;
  StreamParser p(r, {.max_stanza_size = stanza.size()});
  ASSERT_EQ(p.feed(with_header(" " + stanza + " " + stanza)), ParseError::kNone);
  EXPECT_EQ(r.elements.size(), 2u);
}

TEST(StreamParserLimits, RejectsAStanzaOneByteOverMaxStanzaSize) {
  const std::string stanza = "<message><body>" + std::string(50, 'x') + "</body></message>";
  Recorder r;
  StreamParser p(r, {.max_stanza_size = stanza.size() - 1});
  EXPECT_EQ(p.feed(with_header(stanza)), ParseError::kPolicyViolation);
  EXPECT_TRUE(r.elements.empty());
  EXPECT_NE(p.error_text().find("max_stanza_size"), std::string::npos);
}

TEST(StreamParserLimits, CountsAnEmptyElementStanza) {
  Recorder r;
  StreamParser p(r, {.max_stanza_size = 10});
  EXPECT_EQ(p.feed(with_header("<presence type='unavailable'/>")), ParseError::kPolicyViolation);
}

TEST(StreamParserLimits, RejectsAnOversizedStanzaBeforeItCompletes) {
  Recorder r;
  StreamParser p(r, {.max_stanza_size = 1000});
  ASSERT_EQ(p.feed(with_header("<message><body>")), ParseError::kNone);
  const std::string chunk(4096, 'x');
  ParseError e = ParseError::kNone;
  int chunks = 0;
  while (e == ParseError::kNone && chunks < 100) {
    e = p.feed(chunk);
    ++chunks;
  }
  EXPECT_EQ(e, ParseError::kPolicyViolation);
  EXPECT_LE(chunks, 6);  // within max(limit, 16 KiB) further bytes
}

TEST(StreamParserLimits, RejectsAnOversizedSingleTagFedAtOnce) {
  Recorder r;
  StreamParser p(r, {.max_stanza_size = 1000});
  EXPECT_EQ(p.feed(with_header("<message to='" + std::string(1 << 20, 'a')) + "'/>"),
            ParseError::kPolicyViolation);
}

TEST(StreamParserLimits, RejectsNestingDeeperThanMaxDepth) {
  Recorder r;
  StreamParser ok(r, {.max_depth = 3});
  EXPECT_EQ(ok.feed(with_header("<a><b/></a>")), ParseError::kNone);
  StreamParser deep(r, {.max_depth = 3});
  EXPECT_EQ(deep.feed(with_header("<a><b><c/></b></a>")), ParseError::kPolicyViolation);
}

TEST(StreamParserLimits, RejectsDeepNestingWithDefaults) {
  Recorder r;
  StreamParser p(r);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  EXPECT_EQ(p.feed(with_header(deep)), ParseError::kPolicyViolation);
}

TEST(StreamParserLimits, RejectsTooManyAttributes) {
  Recorder r;
  auto element_with = [](int n) {
    std::string s = "<x";
    for (int i = 0; i < n; ++i) s += " a" + std::to_string(i) + "='v'";
    return s + "/>";
  };
  StreamParser ok(r, {.max_attributes = 4});
  EXPECT_EQ(ok.feed(with_header(element_with(4))), ParseError::kNone);
  StreamParser many(r, {.max_attributes = 4});
  EXPECT_EQ(many.feed(with_header(element_with(5))), ParseError::kPolicyViolation);
}

TEST(StreamParserLimits, RejectsLongNames) {
  Recorder r;
  StreamParser element(r, {.max_name_length = 8});
  EXPECT_EQ(element.feed(with_header("<abcdefghi/>")), ParseError::kPolicyViolation);
  StreamParser attribute(r, {.max_name_length = 8});
  EXPECT_EQ(attribute.feed(with_header("<x abcdefghi='1'/>")), ParseError::kPolicyViolation);
  StreamParser ok(r, {.max_name_length = 8});
  EXPECT_EQ(ok.feed(with_header("<abcdefgh abcdefgh='1'/>")), ParseError::kNone);
}

TEST(StreamParserLimits, RejectsAnOversizedStreamHeader) {
  Recorder r;
  StreamParser p(r, {.max_header_size = 100});
  EXPECT_EQ(p.feed(with_header("")), ParseError::kPolicyViolation);
  EXPECT_TRUE(r.headers.empty());
  StreamParser endless(r, {.max_header_size = 100});
  EXPECT_EQ(endless.feed("<stream:stream " + std::string(200, ' ')), ParseError::kPolicyViolation);
}

TEST(StreamParser, RestartsWhenResetFromAHandler) {
  Recorder r;
  StreamParser p(r);
  r.after_element = [&](const Element& e) {
    if (e.name() == "auth") p.reset();
  };
  // Bytes after the element that triggered the reset belong to the old stream and are dropped.
  ASSERT_EQ(p.feed(with_header("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><junk")),
            ParseError::kNone);
  EXPECT_FALSE(p.is_stream_open());
  ASSERT_EQ(p.feed(with_header("<iq type='set' id='b'/>")), ParseError::kNone);
  EXPECT_EQ(r.headers.size(), 2u);
  ASSERT_EQ(r.elements.size(), 2u);
  EXPECT_EQ(r.elements[1].name(), "iq");
}

TEST(StreamParser, ResetClearsAnError) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed("<<<"), ParseError::kNotWellFormed);
  p.reset();
  EXPECT_EQ(p.error(), ParseError::kNone);
  EXPECT_EQ(p.feed(with_header("<presence/>")), ParseError::kNone);
  EXPECT_EQ(r.elements.size(), 1u);
}

TEST(StreamParser, PropagatesHandlerExceptionsAndResets) {
  Recorder r;
  StreamParser p(r);
  r.after_element = [](const Element&) { throw std::runtime_error("boom"); };
  EXPECT_THROW(p.feed(with_header("<presence/><presence/>")), std::runtime_error);
  EXPECT_EQ(r.elements.size(), 1u);
  EXPECT_FALSE(p.is_stream_open());
}

TEST(StreamParserRelease, IsPossibleOnlyBetweenStanzas) {
  Recorder r;
  StreamParser p(r);
  EXPECT_TRUE(p.can_release());
  ASSERT_EQ(p.feed("<?xml version='1.0'?><stream:str"), ParseError::kNone);
  EXPECT_FALSE(p.can_release());
  ASSERT_EQ(p.feed("eam xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client'>"),
            ParseError::kNone);
  EXPECT_TRUE(p.can_release());
  ASSERT_EQ(p.feed("<message><bo"), ParseError::kNone);
  EXPECT_FALSE(p.can_release());
  p.release();
  EXPECT_FALSE(p.is_released());
  ASSERT_EQ(p.feed("dy>x</body></message>  "), ParseError::kNone);
  EXPECT_TRUE(p.can_release());
  ASSERT_EQ(p.feed("<pres"), ParseError::kNone);
  EXPECT_FALSE(p.can_release());
}

TEST(StreamParserRelease, ContinuesTheStreamWithTheSameNamespaces) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed(with_header("<presence/>")), ParseError::kNone);
  ASSERT_TRUE(p.can_release());
  p.release();
  EXPECT_TRUE(p.is_released());
  ASSERT_EQ(p.feed(" <message to='a@b'><body>after</body></message><stream:features/>"),
            ParseError::kNone);
  EXPECT_FALSE(p.is_released());
  EXPECT_EQ(r.headers.size(), 1u);  // no second on_stream_open
  ASSERT_EQ(r.elements.size(), 3u);
  EXPECT_TRUE(r.elements[1].is("message", ns::kClient));
  EXPECT_EQ(r.elements[1].child_text("body", ns::kClient), "after");
  EXPECT_TRUE(r.elements[2].is("features", ns::kStreams));
  p.release();
  ASSERT_EQ(p.feed("</stream:stream>"), ParseError::kNone);
  EXPECT_EQ(r.closes, 1);
}

TEST(StreamParserRelease, KeepsCountingStanzaSizeAfterRelease) {
  Recorder r;
  StreamParser p(r, {.max_stanza_size = 20});
  ASSERT_EQ(p.feed(with_header("<a/>")), ParseError::kNone);
  p.release();
  ASSERT_EQ(p.feed("<b>0123456789</b>"), ParseError::kNone);  // 17 bytes
  p.release();
  EXPECT_EQ(p.feed("<b>0123456789ABCD</b>"), ParseError::kPolicyViolation);  // 21 bytes
  EXPECT_EQ(r.elements.size(), 2u);
}

TEST(StreamParserRelease, ReplaysACustomStreamPrefix) {
  Recorder r;
  StreamParser p(r);
  ASSERT_EQ(p.feed("<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:server' "
                   "xmlns:db='jabber:server:dialback'>"),
            ParseError::kNone);
  p.release();
  ASSERT_EQ(p.feed("<db:verify id='1'/><s:features/></s:stream>"), ParseError::kNone);
  ASSERT_EQ(r.elements.size(), 2u);
  EXPECT_TRUE(r.elements[0].is("verify", ns::kDialback));
  EXPECT_TRUE(r.elements[1].is("features", ns::kStreams));
  EXPECT_EQ(r.closes, 1);
}

}  // namespace
}  // namespace meerkat::xml
