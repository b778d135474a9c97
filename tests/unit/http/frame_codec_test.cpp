// SPDX-License-Identifier: Apache-2.0
#include "http/websocket/frame_codec.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meerkat::http::websocket {
namespace {

struct Recorder : FrameDecoder::Handler {
  std::string current;
  std::vector<std::string> messages;
  std::vector<std::pair<Opcode, std::string>> controls;
  void on_message_data(std::string_view bytes) override { current += bytes; }
  void on_message_end() override { messages.push_back(std::exchange(current, {})); }
  void on_control(Opcode opcode, std::string_view payload) override {
    controls.emplace_back(opcode, std::string(payload));
  }
};

// A client frame: masked with a fixed key.
std::string client_frame(Opcode opcode, std::string_view payload, bool fin = true) {
  std::string out;
  out += static_cast<char>((fin ? 0x80 : 0) | static_cast<int>(opcode));
  const unsigned char key[4] = {0x11, 0x22, 0x33, 0x44};
  if (payload.size() < 126) {
    out += static_cast<char>(0x80 | payload.size());
  } else if (payload.size() <= 0xFFFF) {
    out += static_cast<char>(0x80 | 126);
    out += static_cast<char>(payload.size() >> 8);
    out += static_cast<char>(payload.size() & 0xFF);
  } else {
    out += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out += static_cast<char>((payload.size() >> shift) & 0xFF);
    }
  }
  out.append(reinterpret_cast<const char*>(key), 4);
  for (std::size_t i = 0; i < payload.size(); ++i) out += static_cast<char>(payload[i] ^ key[i % 4]);
  return out;
}

std::optional<CloseCode> feed(FrameDecoder& decoder, Recorder& recorder, std::string bytes) {
  return decoder.feed({bytes.data(), bytes.size()}, recorder);
}

TEST(FrameDecoder, DecodesMessagesOfEverySizeFedAByteAtATime) {
  for (std::size_t size : {0u, 5u, 125u, 126u, 65535u, 65536u, 70000u}) {
    FrameDecoder decoder(std::nullopt);
    Recorder recorder;
    std::string payload(size, 'x');
    for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>('a' + i % 26);
    auto bytes = client_frame(Opcode::kText, payload);
    if (size < 200) {
      for (char& c : bytes) ASSERT_FALSE(decoder.feed({&c, 1}, recorder));
    } else {
      ASSERT_FALSE(feed(decoder, recorder, bytes));
    }
    ASSERT_EQ(recorder.messages.size(), 1u) << size;
    EXPECT_EQ(recorder.messages[0], payload) << size;
    EXPECT_TRUE(decoder.is_idle());
  }
}

TEST(FrameDecoder, JoinsFragmentsAroundControlFrames) {
  FrameDecoder decoder(std::nullopt);
  Recorder recorder;
  auto bytes = client_frame(Opcode::kText, "<mess", false) + client_frame(Opcode::kPing, "p") +
               client_frame(Opcode::kContinuation, "age/>", true);
  ASSERT_FALSE(feed(decoder, recorder, bytes));
  EXPECT_EQ(recorder.messages, std::vector<std::string>{"<message/>"});
  ASSERT_EQ(recorder.controls.size(), 1u);
  EXPECT_EQ(recorder.controls[0].first, Opcode::kPing);
  EXPECT_EQ(recorder.controls[0].second, "p");
}

TEST(FrameDecoder, RefusesWhatRfc6455AndRfc7395Forbid) {
  struct Case {
    std::string bytes;
    CloseCode code;
  };
  std::string unmasked = "\x81\x02hi";
  std::string with_rsv = client_frame(Opcode::kText, "hi");
  with_rsv[0] = static_cast<char>(with_rsv[0] | 0x40);
  std::string long_ping = client_frame(Opcode::kPing, std::string(126, 'p'));
  std::string fragmented_ping = client_frame(Opcode::kPing, "p", false);
  std::vector<Case> cases = {
      {unmasked, CloseCode::kProtocolError},
      {with_rsv, CloseCode::kProtocolError},
      {long_ping, CloseCode::kProtocolError},
      {fragmented_ping, CloseCode::kProtocolError},
      {client_frame(Opcode::kContinuation, "x"), CloseCode::kProtocolError},
      {client_frame(Opcode::kText, "a", false) + client_frame(Opcode::kText, "b"),
       CloseCode::kProtocolError},
      {client_frame(Opcode::kBinary, "x"), CloseCode::kUnsupportedData},
      {client_frame(static_cast<Opcode>(0x3), "x"), CloseCode::kProtocolError},
  };
  for (const auto& c : cases) {
    FrameDecoder decoder(std::nullopt);
    Recorder recorder;
    EXPECT_EQ(feed(decoder, recorder, c.bytes), c.code) << decoder.error_text();
    // failed for good
    EXPECT_EQ(feed(decoder, recorder, client_frame(Opcode::kText, "ok")), c.code);
    EXPECT_TRUE(recorder.messages.empty());
  }
}

TEST(FrameDecoder, LimitsTheMessageSizeAcrossFragments) {
  FrameDecoder decoder(10);
  Recorder recorder;
  ASSERT_FALSE(feed(decoder, recorder, client_frame(Opcode::kText, "123456", false)));
  EXPECT_EQ(feed(decoder, recorder, client_frame(Opcode::kContinuation, "789012")),
            CloseCode::kMessageTooBig);
}

TEST(FrameEncoder, WritesUnmaskedFramesWithTheShortestLength) {
  std::string out;
  append_frame(out, Opcode::kText, "hi");
  EXPECT_EQ(out, std::string("\x81\x02hi", 4));
  out.clear();
  append_frame(out, Opcode::kText, std::string(300, 'x'));
  EXPECT_EQ(out.substr(0, 4), std::string("\x81\x7e\x01\x2c", 4));
  out.clear();
  append_frame(out, Opcode::kBinary, std::string(70000, 'x'));
  EXPECT_EQ(out.substr(0, 10), std::string("\x82\x7f\x00\x00\x00\x00\x00\x01\x11\x70", 10));
  EXPECT_EQ(close_payload(CloseCode::kGoingAway, "bye"), std::string("\x03\xe9" "bye", 5));
}

}  // namespace
}  // namespace meerkat::http::websocket
