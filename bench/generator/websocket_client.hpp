// SPDX-License-Identifier: Apache-2.0
// The client side of RFC 6455 that an XMPP-over-WebSocket (RFC 7395) load generator needs: the
// upgrade request, masked text frames out, and the server's unmasked frames in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace meerkat::bench {

// GET `path` with the `xmpp` subprotocol; the key is fixed, the generator does not check the
// accept value (the server under test is trusted to speak HTTP correctly).
std::string websocket_upgrade_request(std::string_view host, std::string_view path);

// Appends one masked, final text frame carrying `payload` to `out`.
void append_text_frame(std::string_view payload, std::uint32_t mask, std::string& out);
// Appends a masked close frame (status 1000).
void append_close_frame(std::uint32_t mask, std::string& out);

// Decodes the server's frames: text payloads are appended to `text`, control frames are dropped
// (pings are rare on a benchmark's timescale), a close frame sets closed().
class FrameReader {
 public:
  // Consumes `bytes`. Returns false when a frame is malformed or masked (servers never mask).
  bool feed(std::string_view bytes, std::string& text);
  bool closed() const { return closed_; }

 private:
  std::string pending_;
  bool closed_ = false;
};

}  // namespace meerkat::bench
