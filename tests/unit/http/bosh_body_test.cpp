// SPDX-License-Identifier: Apache-2.0
#include "http/bosh/bosh_body.hpp"

#include <gtest/gtest.h>

namespace meerkat::http::bosh {
namespace {

TEST(BoshBody, ParsesASessionCreationRequest) {
  auto body = parse_client_body(
      "<body content='text/xml; charset=utf-8' hold='1' rid='1573741820' to='localhost' "
      "wait='60' ack='1' xml:lang='en' xmpp:version='1.0' "
      "xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'/>");
  ASSERT_TRUE(body) << body.error().text;
  EXPECT_EQ(body->rid, 1573741820u);
  EXPECT_FALSE(body->sid);
  EXPECT_EQ(body->to, "localhost");
  EXPECT_EQ(body->lang, "en");
  EXPECT_EQ(body->wait, 60u);
  EXPECT_EQ(body->hold, 1u);
  EXPECT_TRUE(body->wants_acks);
  EXPECT_FALSE(body->ack);
  EXPECT_TRUE(body->payload.empty());
}

TEST(BoshBody, ParsesPayloadRestartTerminateAndPause) {
  auto body = parse_client_body(
      "<body rid='7' sid='s1' ack='6' xmlns='http://jabber.org/protocol/httpbind'>"
      "<message xmlns='jabber:client' to='a@localhost'><body>hi</body></message>"
      "<presence xmlns='jabber:client'/></body>");
  ASSERT_TRUE(body);
  EXPECT_EQ(body->sid, "s1");
  EXPECT_EQ(body->ack, 6u);
  ASSERT_EQ(body->payload.size(), 2u);
  EXPECT_TRUE(body->payload[0].is("message", "jabber:client"));

  // the restart attribute counts in the xbosh namespace, whatever its prefix
  auto restart = parse_client_body(
      "<body rid='8' sid='s1' x:restart='true' xmlns:x='urn:xmpp:xbosh' "
      "xmlns='http://jabber.org/protocol/httpbind'/>");
  ASSERT_TRUE(restart);
  EXPECT_TRUE(restart->restart);
  auto foreign = parse_client_body(
      "<body rid='8' sid='s1' x:restart='true' xmlns:x='urn:other' "
      "xmlns='http://jabber.org/protocol/httpbind'/>");
  ASSERT_TRUE(foreign);
  EXPECT_FALSE(foreign->restart);

  auto end = parse_client_body(
      "<body rid='9' sid='s1' type='terminate' pause='30' "
      "xmlns='http://jabber.org/protocol/httpbind'/>");
  ASSERT_TRUE(end);
  EXPECT_TRUE(end->terminate);
  EXPECT_EQ(end->pause, 30u);
}

TEST(BoshBody, RefusesWhatIsNotABoshBody) {
  EXPECT_FALSE(parse_client_body("<body rid='1' xmlns='jabber:client'/>"));
  EXPECT_FALSE(parse_client_body("<body xmlns='http://jabber.org/protocol/httpbind'/>"));
  EXPECT_FALSE(parse_client_body("<body rid='x1' xmlns='http://jabber.org/protocol/httpbind'/>"));
  EXPECT_FALSE(
      parse_client_body("<body rid='1' wait='-1' xmlns='http://jabber.org/protocol/httpbind'/>"));
  EXPECT_FALSE(parse_client_body("<body rid='1' xmlns='http://jabber.org/protocol/httpbind'>"));
  EXPECT_FALSE(parse_client_body("not xml"));
}

TEST(BoshBody, RendersResponses) {
  EXPECT_EQ(render_body({}, {}), "<body xmlns='http://jabber.org/protocol/httpbind'/>");
  xml::Element message("message", "jabber:client");
  message.append(xml::Element("body", "jabber:client")).append_text("a<b");
  xml::Element features("features", "http://etherx.jabber.org/streams");
  std::string content;
  append_payload(message, content);
  append_payload(features, content);
  EXPECT_EQ(render_body({{"ack", "5"}}, content),
            "<body xmlns='http://jabber.org/protocol/httpbind' ack='5' "
            "xmlns:stream='http://etherx.jabber.org/streams'>"
            "<message xmlns='jabber:client'><body>a&lt;b</body></message><stream:features/>"
            "</body>");
  EXPECT_EQ(render_terminate("item-not-found"),
            "<body xmlns='http://jabber.org/protocol/httpbind' type='terminate' "
            "condition='item-not-found'/>");
}

}  // namespace
}  // namespace meerkat::http::bosh
