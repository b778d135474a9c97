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
