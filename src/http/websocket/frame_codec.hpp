// SPDX-License-Identifier: Apache-2.0
// RFC 6455 framing, server side: a streaming decoder of client frames and the encoder of ours.
// Why not Beast's websocket::stream: its reads cannot be interrupted to deliver a stanza
// without failing the stream, and it keeps its buffers for the connection's whole life. This
// decoder unmasks in place and hands message bytes straight to the XML parser, so a session
// holds no message buffer at all, and it runs over our own Transport (TLS included).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace meerkat::http::websocket {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// RFC 6455 §7.4.1.
enum class CloseCode : std::uint16_t {
  kNormal = 1000,
  kGoingAway = 1001,
  kProtocolError = 1002,
  kUnsupportedData = 1003,
  kPolicyViolation = 1008,
  kMessageTooBig = 1009,
};

class FrameDecoder {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // Unmasked payload of the current text message; a message arrives in any number of pieces.
    virtual void on_message_data(std::string_view bytes) = 0;
    virtual void on_message_end() = 0;
    // A complete control frame (ping, pong, close).
    virtual void on_control(Opcode opcode, std::string_view payload) = 0;
  };

  // Messages longer than `max_message_size` bytes are refused (nullopt: no limit).
  explicit FrameDecoder(std::optional<std::size_t> max_message_size)
      : max_message_size_(max_message_size) {}

  // Consumes `bytes`, unmasking them in place. After an error every later call fails the same.
  // Stops early (returning the bytes not consumed) only on error.
  std::optional<CloseCode> feed(std::span<char> bytes, Handler& handler);
  const std::string& error_text() const { return error_text_; }
  // True between frames of no message: the decoder holds nothing worth keeping.
  bool is_idle() const { return header_size_ == 0 && !in_payload_ && !in_message_; }

 private:
  std::optional<CloseCode> fail(CloseCode code, std::string text);
  std::optional<CloseCode> parse_header();
  void finish_frame(Handler& handler);

  std::optional<std::size_t> max_message_size_;
  unsigned char header_[14] = {};
  std::size_t header_size_ = 0;    // header bytes received so far
  std::size_t header_needed_ = 2;  // known once the first two bytes are in
  Opcode opcode_ = Opcode::kContinuation;
  bool fin_ = false;
  bool in_message_ = false;         // a fragmented text message is under way
  std::uint64_t payload_left_ = 0;  // of the current frame
  std::uint64_t message_size_ = 0;
  unsigned char mask_[4] = {};
  std::size_t mask_offset_ = 0;
  bool in_payload_ = false;
  std::string control_;  // a control frame's payload (at most 125 bytes)
  std::optional<CloseCode> error_;
  std::string error_text_;
};

// Appends one unfragmented, unmasked server frame.
void append_frame(std::string& out, Opcode opcode, std::string_view payload);
// The payload of a close frame: the code, then a UTF-8 reason (at most 123 bytes).
std::string close_payload(CloseCode code, std::string_view reason = {});

}  // namespace meerkat::http::websocket
