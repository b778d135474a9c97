// SPDX-License-Identifier: Apache-2.0
#include "websocket_client.hpp"

namespace meerkat::bench {

namespace {

void append_frame(std::uint8_t opcode, std::string_view payload, std::uint32_t mask,
                  std::string& out) {
  out.push_back(static_cast<char>(0x80 | opcode));
  auto size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(0x80 | size));
  } else if (size <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(size >> shift));
  }
  char key[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16),
                 static_cast<char>(mask >> 8), static_cast<char>(mask)};
  out.append(key, 4);
  auto start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < size; ++i) out[start + i] ^= key[i % 4];
}

}  // namespace

std::string websocket_upgrade_request(std::string_view host, std::string_view path) {
  std::string request = "GET ";
  request.append(path);
  request.append(" HTTP/1.1\r\nHost: ");
  request.append(host);
  request.append(
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Protocol: xmpp\r\n\r\n");
  return request;
}

void append_text_frame(std::string_view payload, std::uint32_t mask, std::string& out) {
  append_frame(0x1, payload, mask, out);
}

void append_close_frame(std::uint32_t mask, std::string& out) {
  append_frame(0x8, std::string_view("\x03\xE8", 2), mask, out);
}

bool FrameReader::feed(std::string_view bytes, std::string& text) {
  pending_.append(bytes);
  std::size_t at = 0;
  while (pending_.size() - at >= 2) {
    auto b0 = static_cast<std::uint8_t>(pending_[at]);
    auto b1 = static_cast<std::uint8_t>(pending_[at + 1]);
    if (b1 & 0x80) return false;
    std::size_t header = 2;
    std::uint64_t size = b1 & 0x7F;
    if (size == 126 || size == 127) {
      std::size_t length_bytes = size == 126 ? 2 : 8;
      if (pending_.size() - at < 2 + length_bytes) break;
      size = 0;
      for (std::size_t i = 0; i < length_bytes; ++i) {
        size = (size << 8) | static_cast<std::uint8_t>(pending_[at + 2 + i]);
      }
      header += length_bytes;
    }
    if (pending_.size() - at < header + size) break;
    auto opcode = b0 & 0x0F;
    if (opcode == 0x0 || opcode == 0x1) text.append(pending_, at + header, size);
    if (opcode == 0x8) closed_ = true;
    at += header + size;
  }
  pending_.erase(0, at);
  return true;
}

}  // namespace meerkat::bench
