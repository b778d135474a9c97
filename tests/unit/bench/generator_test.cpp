// SPDX-License-Identifier: Apache-2.0
// The load generator's own parsing: if it miscounts, every benchmark number is wrong.
#include <gtest/gtest.h>

#include "generator/element_splitter.hpp"
#include "generator/latency_histogram.hpp"
#include "generator/websocket_client.hpp"

namespace meerkat::bench {
namespace {

std::vector<std::string> drain(ElementSplitter& splitter) {
  std::vector<std::string> elements;
  while (auto element = splitter.next()) elements.emplace_back(*element);
  return elements;
}

TEST(ElementSplitter, CutsAStreamIntoDepthOneElements) {
  ElementSplitter splitter(false);
  splitter.append(
      "<?xml version='1.0'?><stream:stream xmlns='jabber:client' id='a>b'>"
      "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
      "\n <message to='x' b=\"q'/>\"><body>1 &gt; 0 > -1</body></message><presence/>");
  auto elements = drain(splitter);
  ASSERT_EQ(elements.size(), 3u);
  EXPECT_EQ(elements[0],
            "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
  EXPECT_EQ(elements[1], "<message to='x' b=\"q'/>\"><body>1 &gt; 0 > -1</body></message>");
  EXPECT_EQ(elements[2], "<presence/>");
  EXPECT_FALSE(splitter.stream_closed());
  splitter.append("</stream:stream>");
  EXPECT_TRUE(drain(splitter).empty());
  EXPECT_TRUE(splitter.stream_closed());
}

TEST(ElementSplitter, WaitsForElementsSplitAcrossReads) {
  ElementSplitter splitter(false);
  std::string stream = "<stream:stream><iq id='1'><query/></iq><presence type='x'/>";
  std::vector<std::string> elements;
  for (char c : stream) {
    splitter.append(std::string(1, c));
    for (auto& element : drain(splitter)) elements.push_back(element);
  }
  EXPECT_EQ(elements,
            (std::vector<std::string>{"<iq id='1'><query/></iq>", "<presence type='x'/>"}));
}

TEST(ElementSplitter, RestartExpectsANewRoot) {
  ElementSplitter splitter(false);
  splitter.append("<stream:stream><success/>");
  EXPECT_EQ(drain(splitter), std::vector<std::string>{"<success/>"});
  splitter.restart();
  splitter.append("<stream:stream><a/>");
  EXPECT_EQ(drain(splitter), std::vector<std::string>{"<a/>"});
}

TEST(ElementSplitter, FramedModeHasNoRoot) {
  ElementSplitter splitter(true);
  splitter.append("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/><message><body/></message>");
  EXPECT_EQ(drain(splitter),
            (std::vector<std::string>{"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>",
                                      "<message><body/></message>"}));
}

TEST(ElementSplitter, IsTagMatchesWholeNamesOnly) {
  EXPECT_TRUE(is_tag("<message to='a'/>", "message"));
  EXPECT_TRUE(is_tag("<stream:features>", "stream:features"));
  EXPECT_TRUE(is_tag("<presence/>", "presence"));
  EXPECT_FALSE(is_tag("<messages/>", "message"));
  EXPECT_FALSE(is_tag("<iq", "iq"));
  EXPECT_FALSE(is_tag("message/>", "message"));
}

TEST(WebSocketFrames, MaskedFramesRoundTripThroughTheReader) {
  std::string wire;
  append_text_frame("<presence/>", 0x01020304, wire);
  ASSERT_EQ(wire.size(), 2u + 4u + 11u);
  EXPECT_EQ(static_cast<unsigned char>(wire[0]), 0x81);
  EXPECT_EQ(static_cast<unsigned char>(wire[1]), 0x80 | 11);
  // Unmask as a server would, then feed an unmasked copy to the client's reader.
  std::string payload = wire.substr(6);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] ^= wire[2 + i % 4];
  EXPECT_EQ(payload, "<presence/>");

  std::string big(70000, 'x');
  std::string server_frames = std::string("\x81\x05") + "hello" + "\x81\x7F" +
                              std::string("\0\0\0\0\0\x01\x11\x70", 8) + big +
                              std::string("\x88\x02\x03\xE8", 4);
  FrameReader reader;
  std::string text;
  for (std::size_t at = 0; at < server_frames.size(); at += 1000) {
    ASSERT_TRUE(reader.feed(std::string_view(server_frames).substr(at, 1000), text));
  }
  EXPECT_EQ(text, "hello" + big);
  EXPECT_TRUE(reader.closed());
}

TEST(WebSocketFrames, MaskedServerFramesAreRefused) {
  FrameReader reader;
  std::string text;
  EXPECT_FALSE(reader.feed(std::string("\x81\x85\x00\x00\x00\x00hello", 11), text));
}

TEST(LatencyHistogram, PercentilesAreWithinThreePercent) {
  LatencyHistogram histogram;
  for (std::uint64_t value = 1; value <= 100000; ++value) histogram.record(value);
  for (double fraction : {0.5, 0.9, 0.99}) {
    auto exact = fraction * 100000;
    auto got = static_cast<double>(histogram.percentile(fraction));
    EXPECT_NEAR(got, exact, exact * 0.03) << fraction;
  }
  EXPECT_EQ(histogram.max(), 100000u);
  EXPECT_EQ(histogram.count(), 100000u);
}

TEST(LatencyHistogram, MergesThroughJson) {
  LatencyHistogram a;
  LatencyHistogram b;
  for (int i = 0; i < 99; ++i) a.record(10);
  b.record(5000);
  auto merged = LatencyHistogram::from_json(a.to_json());
  merged.merge(LatencyHistogram::from_json(b.to_json()));
  EXPECT_EQ(merged.count(), 100u);
  EXPECT_EQ(merged.percentile(0.5), 10u);
  EXPECT_EQ(merged.max(), 5000u);
  EXPECT_GE(merged.percentile(0.999), 4900u);
}

}  // namespace
}  // namespace meerkat::bench
