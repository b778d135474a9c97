// SPDX-License-Identifier: Apache-2.0
#include "router/session_manager.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace meerkat::router {
namespace {

jid::Jid jid_of(std::string_view text) { return jid::Jid::parse(text).value(); }

struct RecordingSink : SessionSink {
  std::vector<xml::Element> delivered;
  bool replaced = false;
  void deliver(xml::Element stanza) override { delivered.push_back(std::move(stanza)); }
  void terminate(stanza::StreamErrorCondition, std::string) override { replaced = true; }
};

SessionHandlePtr handle_for(boost::asio::io_context& io, SessionSink* sink) {
  return std::make_shared<SessionHandle>(SessionHandle{io.get_executor(), sink});
}

TEST(SessionManager, OpensAndListsResources) {
  boost::asio::io_context io;
  SessionManager sessions;
  RecordingSink a, b;
  EXPECT_FALSE(sessions.open(jid_of("alice@localhost/a"), handle_for(io, &a)));
  EXPECT_FALSE(sessions.open(jid_of("alice@localhost/b"), handle_for(io, &b)));
  EXPECT_EQ(sessions.sessions(jid_of("alice@localhost")).size(), 2u);
  EXPECT_EQ(sessions.count(), 2u);
  EXPECT_TRUE(sessions.find(jid_of("alice@localhost/b")));
  EXPECT_FALSE(sessions.find(jid_of("alice@localhost/c")));
  EXPECT_TRUE(sessions.has_sessions(jid_of("alice@localhost")));
  EXPECT_FALSE(sessions.has_sessions(jid_of("bob@localhost")));
}

TEST(SessionManager, TransferKeepsPresenceAndNeedsTheCurrentOwner) {
  boost::asio::io_context io;
  SessionManager sessions;
  RecordingSink old_sink, new_sink, stranger;
  auto old_handle = handle_for(io, &old_sink);
  auto new_handle = handle_for(io, &new_sink);
  auto full = jid_of("alice@localhost/a");
  sessions.open(full, old_handle);
  sessions.set_presence(full, old_handle.get(), 7, true, nullptr);
  // only the stream that owns the binding can hand it on
  EXPECT_FALSE(sessions.transfer(full, handle_for(io, &stranger).get(), new_handle));
  EXPECT_TRUE(sessions.transfer(full, old_handle.get(), new_handle));
  EXPECT_EQ(sessions.find(full), new_handle);
  auto info = sessions.sessions(jid_of("alice@localhost")).front();
  EXPECT_TRUE(info.available);  // a resumed session keeps its presence
  EXPECT_EQ(info.priority, 7);
  // the old stream ending later removes nothing
  sessions.close(full, old_handle.get());
  EXPECT_EQ(sessions.find(full), new_handle);
  EXPECT_FALSE(sessions.transfer(jid_of("alice@localhost/b"), new_handle.get(), old_handle));
}

TEST(SessionManager, SameResourceReturnsTheReplacedSession) {
  boost::asio::io_context io;
  SessionManager sessions;
  RecordingSink old_sink, new_sink;
  auto old_handle = handle_for(io, &old_sink);
  auto new_handle = handle_for(io, &new_sink);
  sessions.open(jid_of("alice@localhost/a"), old_handle);
  EXPECT_EQ(sessions.open(jid_of("alice@localhost/a"), new_handle), old_handle);
  // the old session closing must not remove its successor
  sessions.close(jid_of("alice@localhost/a"), old_handle.get());
  EXPECT_EQ(sessions.find(jid_of("alice@localhost/a")), new_handle);
  // nor change its presence
  sessions.set_presence(jid_of("alice@localhost/a"), old_handle.get(), 5, true, nullptr);
  EXPECT_FALSE(sessions.sessions(jid_of("alice@localhost")).front().available);
}

TEST(SessionManager, DeliveryRunsOnTheSessionExecutorAndOrphansGoToTheHandler) {
  boost::asio::io_context io;
  SessionManager sessions;
  std::vector<std::string> orphans;
  sessions.set_orphan_handler([&](boost::asio::any_io_executor, xml::Element stanza) {
    orphans.push_back(stanza.name());
  });
  RecordingSink sink;
  auto handle = handle_for(io, &sink);
  sessions.deliver(handle, xml::Element("message"));
  EXPECT_TRUE(sink.delivered.empty());  // posted, not called inline
  io.run();
  io.restart();
  EXPECT_EQ(sink.delivered.size(), 1u);
  handle->sink = nullptr;  // the session ended
  sessions.deliver(handle, xml::Element("message"));
  io.run();
  EXPECT_EQ(orphans, std::vector<std::string>{"message"});
}

}  // namespace
}  // namespace meerkat::router
