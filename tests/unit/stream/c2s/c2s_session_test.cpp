// SPDX-License-Identifier: Apache-2.0
// The authenticated phases of a client stream: SASL, binding, routing between sessions,
// conflicts and the outgoing queue bound, driven over socket pairs with in-memory storage.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/encoding/base64.hpp"
#include "stream/c2s/c2s_stream.hpp"
#include "support/c2s_harness.hpp"

namespace meerkat::stream::c2s {
namespace {

using testing::C2sHarness;
using ::testing::HasSubstr;
using testing::kClientHeader;
using ::testing::Not;
using testing::ServerFixture;

C2sSettings plain() {
  C2sSettings settings;
  settings.hosts = {"localhost"};
  return settings;
}

std::string plain_auth(const std::string& user, const std::string& password) {
  std::string message = std::string(1, '\0') + user + '\0' + password;
  return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
         encoding::base64_encode(message) + "</auth>";
}

// Logs in with PLAIN and binds `resource`; returns what the server said.
std::string login(C2sHarness& client, const std::string& user, const std::string& password,
                  const std::string& resource) {
  client.send(kClientHeader);
  client.receive_until("</stream:features>");
  client.send(plain_auth(user, password));
  auto out = client.receive_until("<success");
  if (out.find("<success") == std::string::npos) return out;
  client.send(kClientHeader);
  client.receive_until("<bind");
  client.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" +
              resource + "</resource></bind></iq>");
  return client.receive_until("</iq>");
}

TEST(C2sSession, PlainLoginBindsTheRequestedResource) {
  ServerFixture server;
  server.add_user("alice", "secret");
  C2sHarness alice(plain(), {}, &server);
  auto out = login(alice, "alice", "secret", "phone");
  EXPECT_THAT(out, HasSubstr("<jid>alice@localhost/phone</jid>"));
  EXPECT_TRUE(server.sessions().find(jid::Jid::parse("alice@localhost/phone").value()));
}

TEST(C2sSession, WrongPasswordIsNotAuthorizedAndThirdFailureCloses) {
  ServerFixture server;
  server.add_user("alice", "secret");
  C2sHarness alice(plain(), {}, &server);
  alice.send(kClientHeader);
  alice.receive_until("</stream:features>");
  for (int attempt = 1; attempt <= 3; ++attempt) alice.send(plain_auth("alice", "wrong"));
  auto out = alice.receive_all();
  EXPECT_THAT(out, HasSubstr("<not-authorized/>"));
  EXPECT_TRUE(alice.is_closed());
  EXPECT_THAT(out, Not(HasSubstr("<success")));
}

TEST(C2sSession, StanzasBeforeBindingAreRefused) {
  ServerFixture server;
  server.add_user("alice", "secret");
  C2sHarness alice(plain(), {}, &server);
  alice.send(kClientHeader);
  alice.receive_until("</stream:features>");
  alice.send(plain_auth("alice", "secret"));
  alice.receive_until("<success");
  alice.send(kClientHeader);
  alice.receive_until("<bind");
  alice.send("<message to='bob@localhost'><body>hi</body></message>");
  EXPECT_THAT(alice.receive_all(), HasSubstr("<not-authorized"));
}

TEST(C2sSession, MessageReachesTheOtherSessionWithTheSenderStamped) {
  ServerFixture server;
  server.add_user("alice", "a");
  server.add_user("bob", "b");
  C2sHarness alice(plain(), {}, &server);
  C2sHarness bob(plain(), {}, &server);
  login(alice, "alice", "a", "phone");
  login(bob, "bob", "b", "laptop");
  alice.send("<message to='bob@localhost/laptop' from='mallory@evil.test' type='chat'>"
             "<body>hello</body></message>");
  alice.receive_until("\x01", std::chrono::milliseconds(50));  // let alice's shard route it
  auto out = bob.receive_until("</message>");
  EXPECT_THAT(out, HasSubstr("from='alice@localhost/phone'"));
  EXPECT_THAT(out, HasSubstr("<body>hello</body>"));
}

TEST(C2sSession, SameResourceReplacesTheOlderSessionWithConflict) {
  ServerFixture server;
  server.add_user("alice", "a");
  C2sHarness first(plain(), {}, &server);
  C2sHarness second(plain(), {}, &server);
  login(first, "alice", "a", "desk");
  login(second, "alice", "a", "desk");
  EXPECT_THAT(first.receive_all(), HasSubstr("<conflict"));
}

TEST(C2sSession, UnknownIqToTheServerIsServiceUnavailable) {
  ServerFixture server;
  server.add_user("alice", "a");
  C2sHarness alice(plain(), {}, &server);
  login(alice, "alice", "a", "phone");
  alice.send("<iq type='get' id='q1' to='localhost'><query xmlns='urn:example:nobody'/></iq>");
  EXPECT_THAT(alice.receive_until("<service-unavailable"), HasSubstr("id='q1'"));
}

TEST(C2sSession, RosterGetAnswersFromTheStore) {
  ServerFixture server;
  server.add_user("alice", "a");
  C2sHarness alice(plain(), {}, &server);
  login(alice, "alice", "a", "phone");
  alice.send("<iq type='set' id='r1'><query xmlns='jabber:iq:roster'>"
             "<item jid='bob@localhost' name='Bob'><group>Friends</group></item></query></iq>");
  alice.receive_until("id='r1'");
  alice.send("<iq type='get' id='r2'><query xmlns='jabber:iq:roster'/></iq>");
  auto out = alice.receive_until("id='r2'");
  out = alice.receive_until("</iq>", std::chrono::milliseconds(200));
  EXPECT_THAT(out, HasSubstr("jid='bob@localhost'"));
  EXPECT_THAT(out, HasSubstr("<group>Friends</group>"));
}

}  // namespace
}  // namespace meerkat::stream::c2s

namespace meerkat::stream::c2s {
namespace {

TEST(C2sSession, SubscribeAddsAPendingItemAndPushesIt) {
  ServerFixture server;
  server.add_user("alice", "a");
  server.add_user("bob", "b");
  C2sHarness alice(plain(), {}, &server);
  login(alice, "alice", "a", "phone");
  alice.send("<presence/>");
  alice.receive_until("<presence");
  alice.send("<presence to='bob@localhost' type='subscribe'/>");
  auto out = alice.receive_until("ask='subscribe'");
  EXPECT_THAT(out, HasSubstr("ask='subscribe'"));
}

}  // namespace
}  // namespace meerkat::stream::c2s

namespace meerkat::stream::c2s {
namespace {

TEST(C2sSession, AClientThatStopsReadingIsDisconnectedWhenItsQueueIsFull) {
  ServerFixture server;
  server.add_user("alice", "a");
  server.add_user("bob", "b");
  auto limited = plain();
  limited.max_fsm_queue = 10;
  C2sHarness alice(plain(), {}, &server);
  C2sHarness bob(limited, {}, &server);
  login(alice, "alice", "a", "phone");
  login(bob, "bob", "b", "laptop");
  // Bob reads nothing: once the socket buffer is full his stream blocks in its write, and the
  // stanzas that keep arriving overflow the queue.
  std::string body(4096, 'x');
  for (int i = 0; i < 400; ++i) {
    alice.send("<message to='bob@localhost/laptop'><body>" + body + "</body></message>");
    alice.run_for(std::chrono::milliseconds(1));
    bob.run_for(std::chrono::milliseconds(1));
  }
  EXPECT_THAT(bob.receive_all(std::chrono::seconds(5)), HasSubstr("<policy-violation"));
}

TEST(C2sSession, IqWithoutExactlyOnePayloadIsABadRequest) {
  ServerFixture server;
  server.add_user("alice", "a");
  C2sHarness alice(plain(), {}, &server);
  login(alice, "alice", "a", "phone");
  alice.send("<iq type='get' id='q2' to='localhost'/>");
  EXPECT_THAT(alice.receive_until("<bad-request"), HasSubstr("id='q2'"));
}

}  // namespace
}  // namespace meerkat::stream::c2s
