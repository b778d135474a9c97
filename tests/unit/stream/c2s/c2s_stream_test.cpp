// SPDX-License-Identifier: Apache-2.0
#include "stream/c2s/c2s_stream.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/c2s_harness.hpp"

namespace meerkat::stream::c2s {
namespace {

using testing::C2sHarness;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using testing::kClientHeader;
using ::testing::Not;

C2sSettings plain() {
  C2sSettings settings;
  settings.hosts = {"localhost"};
  return settings;
}

TEST(C2sStream, AnswersHeaderWithOwnHeaderAndFeatures) {
  C2sHarness client(plain());
  client.send(kClientHeader);
  auto out = client.receive_until("</stream:features>");
  EXPECT_THAT(out, HasSubstr("from='localhost'"));
  EXPECT_THAT(out, HasSubstr("<mechanism>SCRAM-SHA-256</mechanism>"));
  EXPECT_THAT(out, HasSubstr("<mechanism>PLAIN</mechanism>"));
}

TEST(C2sStream, RefusesUnknownHostAfterSendingItsHeader) {
  C2sHarness client(plain());
  client.send(
      "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
      "to='other.example' version='1.0'>");
  auto out = client.receive_all();
  EXPECT_THAT(out, HasSubstr("<stream:stream"));
  EXPECT_THAT(out, HasSubstr("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"));
  EXPECT_THAT(out, EndsWith("</stream:stream>"));
  EXPECT_TRUE(client.is_closed());
}

TEST(C2sStream, StateTimeoutEndsANegotiationThatStalls) {
  auto settings = plain();
  settings.listener.c2s_state_timeout = std::chrono::milliseconds(30);
  C2sHarness client(settings);
  client.send(kClientHeader);
  auto out = client.receive_all();
  EXPECT_THAT(out, HasSubstr("<connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"));
}

TEST(C2sStream, StopSendsSystemShutdown) {
  C2sHarness client(plain());
  client.send(kClientHeader);
  client.receive_until("</stream:features>");
  client.registry().stop_all();
  auto out = client.receive_all();
  EXPECT_THAT(out, HasSubstr("<system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"));
  EXPECT_THAT(out, EndsWith("</stream:stream>"));
}

TEST(C2sStream, ParsesBytesReadBehindAProxyHeaderFirst) {
  C2sHarness client(plain(), kClientHeader);
  EXPECT_THAT(client.receive_until("</stream:features>"), HasSubstr("<mechanisms"));
}

TEST(C2sStream, HibernatedStreamKeepsParsingAcrossPackets) {
  auto settings = plain();
  settings.listener.common.hibernate_after = std::chrono::milliseconds(0);
  C2sHarness client(settings);
  client.send(kClientHeader);
  client.receive_until("</stream:features>");
  client.send("<frobnicate xmlns='urn:exa");
  client.receive_until("never", std::chrono::milliseconds(30));  // idle: the parser is released
  client.send("mple'/>");
  EXPECT_THAT(client.receive_all(), HasSubstr("<unsupported-stanza-type"));
}

TEST(C2sStream, OversizeStanzaIsAPolicyViolation) {
  auto settings = plain();
  settings.listener.common.max_stanza_size = 100;
  C2sHarness client(settings);
  client.send(kClientHeader);
  client.receive_until("</stream:features>");
  client.send("<message><body>" + std::string(500, 'x') + "</body></message>");
  EXPECT_THAT(client.receive_all(), HasSubstr("<policy-violation"));
}

TEST(C2sStream, UnknownSaslMechanismFailsButKeepsTheStream) {
  C2sHarness client(plain());
  client.send(kClientHeader);
  client.receive_until("</stream:features>");
  client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='NOPE'>AGEAYg==</auth>");
  auto out = client.receive_until("</failure>");
  EXPECT_THAT(out, HasSubstr("<invalid-mechanism/>"));
  EXPECT_FALSE(client.is_closed());
  client.send("</stream:stream>");
  EXPECT_THAT(client.receive_all(), Not(HasSubstr("<stream:error>")));
}

TEST(C2sStream, PeerThatVanishesEndsTheStreamAndUnregisters) {
  C2sHarness client(plain());
  client.send(kClientHeader);
  client.receive_until("</stream:features>");
  EXPECT_EQ(client.registry().size(client.shard()), 1U);
  client.vanish();
  EXPECT_TRUE(client.has_finished());
  EXPECT_EQ(client.registry().size(client.shard()), 0U);
}

}  // namespace
}  // namespace meerkat::stream::c2s
