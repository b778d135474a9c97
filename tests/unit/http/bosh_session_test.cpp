// SPDX-License-Identifier: Apache-2.0
// The BOSH session's request discipline (XEP-0124 §11, §14), driven without HTTP: requests
// are handed to it as the handler would, on one io_context.
#include "http/bosh/bosh_session.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "core/ns.hpp"
#include "http/bosh/bosh_registry.hpp"

namespace meerkat::http::bosh {
namespace {

class BoshSessionTest : public ::testing::Test {
 protected:
  // Returns the creation request.
  BoshRequestPtr create(std::uint64_t hold = 1) {
    ClientBody creation;
    creation.rid = 10;
    creation.to = "localhost";
    creation.wait = 60;
    creation.hold = hold;
    session_ = std::make_shared<BoshSession>(io_.get_executor(), "sid1", creation, BoshLimits{},
                                             false, registry_);
    registry_.add(session_);
    return post(creation);
  }

  BoshRequestPtr post(ClientBody body) {
    auto request = std::make_shared<BoshRequest>(io_.get_executor());
    request->body = std::move(body);
    session_->on_request(request);
    run_ready();
    return request;
  }

  BoshRequestPtr post(std::uint64_t rid, std::string_view payload_id = {}) {
    ClientBody body;
    body.rid = rid;
    body.sid = "sid1";
    if (!payload_id.empty()) {
      xml::Element iq("iq", std::string(ns::kClient));
      iq.add_attr_unchecked("id", std::string(payload_id));
      body.payload.push_back(std::move(iq));
    }
    return post(std::move(body));
  }

  // The ids of the stanzas the stream would read now (StreamOpened counts as "open").
  std::vector<std::string> read_events() {
    std::vector<std::string> ids;
    boost::asio::co_spawn(
        io_,
        [&]() -> boost::asio::awaitable<void> {
          auto status = co_await session_->read(std::chrono::milliseconds(0));
          if (status != stream::ReadStatus::kEvents) co_return;
          for (auto& event : session_->events()) {
            if (std::holds_alternative<stream::StreamOpened>(event)) ids.push_back("open");
            if (auto* stanza = std::get_if<stream::StanzaReceived>(&event)) {
              ids.emplace_back(stanza->element.attr_or("id", ""));
            }
            if (std::holds_alternative<stream::StreamClosed>(event)) ids.push_back("close");
          }
        },
        boost::asio::detached);
    run_ready();
    return ids;
  }

  void reply(std::string_view id) {
    xml::Element iq("iq", std::string(ns::kClient));
    iq.add_attr_unchecked("id", std::string(id));
    session_->send(iq, ns::kClient);
    boost::asio::co_spawn(
        io_, [&]() -> boost::asio::awaitable<void> { co_await session_->flush(); },
        boost::asio::detached);
    run_ready();
  }

  // Runs what is ready; an io_context that ran out of work must be restarted first.
  void run_ready() {
    io_.restart();
    io_.poll();
  }

  boost::asio::io_context io_;
  BoshRegistry registry_;
  std::shared_ptr<BoshSession> session_;
};

TEST_F(BoshSessionTest, TheFirstAnswerCarriesTheSessionParameters) {
  auto creation = create();
  EXPECT_EQ(read_events(), std::vector<std::string>{"open"});
  session_->open_stream(xml::StreamHeader{.id = "stream-id"});
  EXPECT_FALSE(creation->answer);  // held until the stream has something to say
  session_->send(xml::Element("features", std::string(ns::kStreams)), ns::kClient);
  boost::asio::co_spawn(
      io_, [&]() -> boost::asio::awaitable<void> { co_await session_->flush(); },
      boost::asio::detached);
  run_ready();
  ASSERT_TRUE(creation->answer);
  for (const char* attribute : {"sid='sid1'", "wait='60'", "hold='1'", "requests='2'",
                                "authid='stream-id'", "from='localhost'", "inactivity='30'"}) {
    EXPECT_NE(creation->answer->find(attribute), std::string::npos) << attribute;
  }
  EXPECT_NE(creation->answer->find("<stream:features/></body>"), std::string::npos);
  // later answers carry none of that
  auto next = post(11);
  reply("x");
  ASSERT_TRUE(next->answer);
  EXPECT_EQ(*next->answer,
            "<body xmlns='http://jabber.org/protocol/httpbind' "
            "xmlns:stream='http://etherx.jabber.org/streams'><iq xmlns='jabber:client' id='x'/>"
            "</body>");
}

TEST_F(BoshSessionTest, PayloadsAreReadInRidOrderAndRetransmissionsAreAnsweredFromMemory) {
  create();
  read_events();
  reply("features");
  auto later = post(12, "second");
  EXPECT_TRUE(read_events().empty());  // 11 is missing: 12 waits
  auto sooner = post(11, "first");
  EXPECT_EQ(read_events(), (std::vector<std::string>{"first", "second"}));
  // hold=1: with 11 and 12 both held, 11 was answered (empty) at once
  ASSERT_TRUE(sooner->answer);
  EXPECT_EQ(*sooner->answer, "<body xmlns='http://jabber.org/protocol/httpbind'/>");
  reply("result");
  ASSERT_TRUE(later->answer);
  EXPECT_NE(later->answer->find("id='result'"), std::string::npos);

  auto again = post(12, "second");  // the client never saw the answer and sends 12 again
  ASSERT_TRUE(again->answer);
  EXPECT_EQ(*again->answer, *later->answer);
  EXPECT_TRUE(read_events().empty());  // and its payload is not acted on twice
}

TEST_F(BoshSessionTest, ASecondCopyOfAnEarlyRidTakesTheFirstOnesPlace) {
  create();
  read_events();
  reply("features");
  auto first_copy = post(12, "second");
  auto second_copy = post(12, "second");
  ASSERT_TRUE(first_copy->answer);  // let go, empty
  EXPECT_EQ(*first_copy->answer, "<body xmlns='http://jabber.org/protocol/httpbind'/>");
  post(11, "first");
  EXPECT_EQ(read_events(), (std::vector<std::string>{"first", "second"}));  // once each
  reply("result");
  ASSERT_TRUE(second_copy->answer);
  EXPECT_NE(second_copy->answer->find("id='result'"), std::string::npos);
}

TEST_F(BoshSessionTest, ARidOutsideTheWindowEndsTheSession) {
  create();
  read_events();
  auto far = post(20);
  ASSERT_TRUE(far->answer);
  EXPECT_NE(far->answer->find("type='terminate' condition='item-not-found'"), std::string::npos);
  EXPECT_EQ(registry_.find("sid1"), nullptr);
  auto after = post(11);
  ASSERT_TRUE(after->answer);
  EXPECT_NE(after->answer->find("item-not-found"), std::string::npos);
}

TEST_F(BoshSessionTest, TerminateEndsWithATerminateAnswer) {
  create();
  read_events();
  reply("features");
  ClientBody end;
  end.rid = 11;
  end.sid = "sid1";
  end.terminate = true;
  auto request = post(std::move(end));
  EXPECT_EQ(read_events(), std::vector<std::string>{"close"});
  session_->close_stream();
  boost::asio::co_spawn(
      io_, [&]() -> boost::asio::awaitable<void> { co_await session_->close(); },
      boost::asio::detached);
  run_ready();
  ASSERT_TRUE(request->answer);
  EXPECT_EQ(*request->answer,
            "<body xmlns='http://jabber.org/protocol/httpbind' type='terminate'/>");
  EXPECT_EQ(registry_.find("sid1"), nullptr);
}

}  // namespace
}  // namespace meerkat::http::bosh
