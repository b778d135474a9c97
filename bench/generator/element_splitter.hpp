// SPDX-License-Identifier: Apache-2.0
// Cuts an XMPP stream into its depth-1 elements without building them: the load generator's
// receive path looks at thousands of messages per second and only needs a few bytes of each.
// XMPP's restricted XML (RFC 6120 §11.1: no comments, PIs after the declaration, DTDs or CDATA)
// makes this a small state machine over '<', '>', quotes and '/'.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace meerkat::bench {

// True when `element` (a depth-1 element as next() returns it) starts with tag `name`, e.g.
// "message" or "stream:features".
bool is_tag(std::string_view element, std::string_view name);

class ElementSplitter {
 public:
  // `framed`: RFC 7395 WebSocket framing, where every message is one element and no stream root
  // encloses them (so <open/> and <close/> come out as elements too).
  explicit ElementSplitter(bool framed) : framed_(framed) { restart(); }

  // Bytes read from the peer.
  void append(std::string_view bytes) { buffer_.append(bytes); }
  // The next complete depth-1 element, valid until the next call to any member; nullopt when more
  // bytes are needed.
  std::optional<std::string_view> next();
  // True once the root element was closed (</stream:stream>).
  bool stream_closed() const { return closed_; }
  // Expect a new stream root (after STARTTLS or SASL success); drops what is buffered.
  void restart();

 private:
  bool framed_;
  std::string buffer_;
  std::size_t scan_ = 0;           // first byte not scanned yet
  std::size_t element_start_ = 0;  // where the depth-1 element being scanned starts
  std::size_t tag_start_ = 0;      // the '<' of the tag being scanned
  int depth_ = 0;                  // 1 inside the stream root
  char quote_ = 0;
  bool in_tag_ = false;
  bool closed_ = false;
  std::size_t pending_erase_ = 0;  // bytes of the element handed out last time
};

}  // namespace meerkat::bench
