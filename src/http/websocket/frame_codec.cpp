// SPDX-License-Identifier: Apache-2.0
#include "http/websocket/frame_codec.hpp"

#include <algorithm>

namespace meerkat::http::websocket {

namespace {

constexpr std::size_t kMaxControlPayload = 125;

bool is_control(Opcode opcode) { return (static_cast<std::uint8_t>(opcode) & 0x8) != 0; }

}  // namespace

std::optional<CloseCode> FrameDecoder::fail(CloseCode code, std::string text) {
  error_ = code;
  error_text_ = std::move(text);
  return error_;
}

// Validates a complete header (RFC 6455 §5.2) and sets up the payload that follows.
std::optional<CloseCode> FrameDecoder::parse_header() {
  const unsigned char b0 = header_[0];
  const unsigned char b1 = header_[1];
  if ((b0 & 0x70) != 0) return fail(CloseCode::kProtocolError, "no extension was negotiated");
  fin_ = (b0 & 0x80) != 0;
  opcode_ = static_cast<Opcode>(b0 & 0x0F);
  std::uint64_t length = b1 & 0x7F;
  std::size_t at = 2;
  if (length == 126) {
    length = (std::uint64_t{header_[2]} << 8) | header_[3];
    at = 4;
  } else if (length == 127) {
    length = 0;
    for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | header_[i];
    if (length >> 63) return fail(CloseCode::kProtocolError, "payload length out of range");
    at = 10;
  }
  std::copy(header_ + at, header_ + at + 4, mask_);
  mask_offset_ = 0;
  payload_left_ = length;

  switch (opcode_) {
    case Opcode::kClose:
    case Opcode::kPing:
    case Opcode::kPong:
      if (!fin_ || length > kMaxControlPayload) {
        return fail(CloseCode::kProtocolError, "control frames are short and unfragmented");
      }
      control_.clear();
      return std::nullopt;
    case Opcode::kText:
      if (in_message_) return fail(CloseCode::kProtocolError, "a new message inside a message");
      in_message_ = true;
      message_size_ = 0;
      break;
    case Opcode::kContinuation:
      if (!in_message_) return fail(CloseCode::kProtocolError, "continuation of no message");
      break;
    case Opcode::kBinary:
      // RFC 7395 §3.2: XMPP over WebSocket uses text messages only.
      return fail(CloseCode::kUnsupportedData, "XMPP messages are text");
    default: return fail(CloseCode::kProtocolError, "unknown opcode");
  }
  message_size_ += length;
  if (max_message_size_ && message_size_ > *max_message_size_) {
    return fail(CloseCode::kMessageTooBig, "message too big");
  }
  return std::nullopt;
}

void FrameDecoder::finish_frame(Handler& handler) {
  in_payload_ = false;
  header_size_ = 0;
  header_needed_ = 2;
  if (is_control(opcode_)) {
    handler.on_control(opcode_, control_);
    std::string().swap(control_);
    return;
  }
  if (fin_) {
    in_message_ = false;
    handler.on_message_end();
  }
}

std::optional<CloseCode> FrameDecoder::feed(std::span<char> bytes, Handler& handler) {
  if (error_) return error_;
  while (!bytes.empty()) {
    if (!in_payload_) {
      while (header_size_ < header_needed_ && !bytes.empty()) {
        header_[header_size_++] = static_cast<unsigned char>(bytes.front());
        bytes = bytes.subspan(1);
        if (header_size_ == 2) {
          // Refused at once: an unmasked sender would never send the mask key we wait for.
          if ((header_[1] & 0x80) == 0) {
            return fail(CloseCode::kProtocolError, "client frames must be masked");
          }
          std::size_t length_code = header_[1] & 0x7F;
          std::size_t extended = length_code == 126 ? 2 : length_code == 127 ? 8 : 0;
          header_needed_ = 2 + extended + 4;  // + the mask key
        }
      }
      if (header_size_ < header_needed_) return std::nullopt;
      if (auto error = parse_header()) return error;
      in_payload_ = true;
      if (payload_left_ == 0) {
        finish_frame(handler);
        if (error_) return error_;
      }
      continue;
    }
    auto n = static_cast<std::size_t>(std::min<std::uint64_t>(payload_left_, bytes.size()));
    auto piece = bytes.first(n);
    for (char& c : piece) c = static_cast<char>(c ^ mask_[mask_offset_++ & 3]);
    if (is_control(opcode_)) {
      control_.append(piece.data(), piece.size());
    } else {
      handler.on_message_data({piece.data(), piece.size()});
    }
    payload_left_ -= n;
    bytes = bytes.subspan(n);
    if (payload_left_ == 0) finish_frame(handler);
  }
  return std::nullopt;
}

void append_frame(std::string& out, Opcode opcode, std::string_view payload) {
  out += static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));
  const std::uint64_t size = payload.size();
  if (size < 126) {
    out += static_cast<char>(size);
  } else if (size <= 0xFFFF) {
    out += static_cast<char>(126);
    out += static_cast<char>(size >> 8);
    out += static_cast<char>(size & 0xFF);
  } else {
    out += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xFF);
  }
  out += payload;
}

std::string close_payload(CloseCode code, std::string_view reason) {
  auto value = static_cast<std::uint16_t>(code);
  std::string payload;
  payload += static_cast<char>(value >> 8);
  payload += static_cast<char>(value & 0xFF);
  payload += reason.substr(0, kMaxControlPayload - 2);
  return payload;
}

}  // namespace meerkat::http::websocket
