// SPDX-License-Identifier: Apache-2.0
#include "stream/c2s/stream_management.hpp"

#include <gtest/gtest.h>

#include "stream/c2s/resumption_table.hpp"

namespace meerkat::stream::c2s {
namespace {

xml::Element message(std::string body) {
  xml::Element stanza("message", "jabber:client");
  stanza.append(xml::Element("body", "jabber:client")).append_text(std::move(body));
  return stanza;
}

std::vector<std::string> bodies(const std::vector<xml::Element>& stanzas) {
  std::vector<std::string> out;
  for (const auto& stanza : stanzas) out.emplace_back(stanza.child_text("body", "jabber:client"));
  return out;
}

TEST(StreamManagement, AcksDropConfirmedStanzasOldestFirst) {
  StreamManagement sm("id", true);
  EXPECT_TRUE(sm.is_resumable());
  for (auto body : {"1", "2", "3"}) sm.count_sent(message(body));
  EXPECT_EQ(sm.sent(), 3u);
  EXPECT_EQ(sm.acknowledge(2), StreamManagement::Ack::kAccepted);
  EXPECT_EQ(bodies(sm.unacknowledged()), std::vector<std::string>{"3"});
  EXPECT_EQ(sm.acknowledge(2), StreamManagement::Ack::kAccepted);  // a repeated ack is harmless
  EXPECT_EQ(sm.unacknowledged_count(), 1u);
  EXPECT_EQ(sm.acknowledge(3), StreamManagement::Ack::kAccepted);
  EXPECT_TRUE(sm.unacknowledged().empty());
}

TEST(StreamManagement, ClaimingMoreThanWasSentChangesNothing) {
  StreamManagement sm("", true);
  EXPECT_FALSE(sm.is_resumable());
  sm.count_sent(message("1"));
  EXPECT_EQ(sm.acknowledge(2), StreamManagement::Ack::kTooHigh);
  // an 'h' behind the last ack is "too high" too: it would mean 2^32 - 1 stanzas more
  sm.count_sent(message("2"));
  EXPECT_EQ(sm.acknowledge(1), StreamManagement::Ack::kAccepted);
  EXPECT_EQ(sm.acknowledge(0), StreamManagement::Ack::kTooHigh);
  EXPECT_EQ(sm.acknowledged(), 1u);
  EXPECT_EQ(bodies(sm.unacknowledged()), std::vector<std::string>{"2"});
}

TEST(StreamManagement, WithoutABufferOnlyCountersMove) {
  StreamManagement sm("id", false);  // buffer = false
  for (int i = 0; i < 3; ++i) sm.count_sent(message("x"));
  sm.count_received();
  EXPECT_TRUE(sm.unacknowledged().empty());
  EXPECT_EQ(sm.unacknowledged_count(), 3u);
  EXPECT_EQ(sm.acknowledge(2), StreamManagement::Ack::kAccepted);
  EXPECT_EQ(sm.unacknowledged_count(), 1u);
  EXPECT_EQ(sm.acknowledge(4), StreamManagement::Ack::kTooHigh);
  EXPECT_EQ(sm.received(), 1u);
}

TEST(StreamManagement, AckRequestsFollowTheFrequency) {
  StreamManagement sm("id", true);
  EXPECT_FALSE(sm.is_ack_request_due(1));  // nothing outstanding
  sm.count_sent(message("1"));
  EXPECT_TRUE(sm.is_ack_request_due(1));
  EXPECT_FALSE(sm.is_ack_request_due(3));
  sm.ack_requested(std::chrono::steady_clock::now());
  EXPECT_FALSE(sm.is_ack_request_due(1));
  sm.count_sent(message("2"));
  sm.count_sent(message("3"));
  sm.count_sent(message("4"));
  EXPECT_TRUE(sm.is_ack_request_due(3));
  EXPECT_TRUE(sm.unanswered_since());
  EXPECT_EQ(sm.acknowledge(4), StreamManagement::Ack::kAccepted);
  EXPECT_FALSE(sm.is_ack_request_due(1));  // everything confirmed: no need to ask
  EXPECT_FALSE(sm.unanswered_since());
}

TEST(StreamManagement, TakingTheUnacknowledgedEmptiesTheBuffer) {
  StreamManagement sm("id", true);
  sm.count_sent(message("1"));
  sm.count_sent(message("2"));
  EXPECT_EQ(bodies(sm.take_unacknowledged()), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(sm.unacknowledged_count(), 0u);
  EXPECT_FALSE(sm.is_ack_request_due(1));
}

TEST(ResumptionTable, OnlyTheOwnerMovesOrRemovesAnEntry) {
  ResumptionTable table;
  auto* first = reinterpret_cast<C2sStream*>(0x10);
  auto* second = reinterpret_cast<C2sStream*>(0x20);
  auto alice = jid::Jid::parse("alice@localhost/phone").value();
  table.add("id1", {{}, first, alice});
  EXPECT_EQ(table.find("id1")->stream, first);
  EXPECT_FALSE(table.find("other"));
  EXPECT_FALSE(table.move("id1", second, {{}, second, alice}));
  EXPECT_TRUE(table.move("id1", first, {{}, second, alice}));
  table.remove("id1", first);  // the old stream ending must not drop its successor's entry
  EXPECT_EQ(table.find("id1")->stream, second);
  table.remove("id1", second);
  EXPECT_FALSE(table.find("id1"));
  EXPECT_EQ(table.size(), 0u);
}

TEST(ResumptionTable, StaleHIsRememberedUntilGeriatric) {
  ResumptionTable table;
  table.remember_h("old", 42, {std::chrono::seconds{1800}, std::chrono::seconds{3600}});
  EXPECT_EQ(table.stale_h("old"), 42u);
  EXPECT_FALSE(table.stale_h("unknown"));
  // a zero lifetime forgets at once, and the next record prunes
  table.remember_h("young", 1, {std::chrono::seconds{0}, std::chrono::seconds{0}});
  EXPECT_FALSE(table.stale_h("old"));
}

}  // namespace
}  // namespace meerkat::stream::c2s
