// SPDX-License-Identifier: Apache-2.0
// XEP-0198 stream management state of one session: the two stanza counters and the stanzas
// sent but not yet acknowledged. Pure bookkeeping (no I/O), so a resumed session can take it
// over from the stream it replaces. Counters wrap at 2^32 as the XEP says.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/xml/element.hpp"

namespace meerkat::stream::c2s {

class StreamManagement {
 public:
  enum class Ack { kAccepted, kTooHigh };

  // `id` is the resumption id (empty: the session cannot be resumed); `buffer` false keeps
  // no copies, as mod_stream_management's `buffer = false`.
  StreamManagement(std::string id, bool buffer) : id_(std::move(id)), buffer_(buffer) {}

  const std::string& id() const { return id_; }
  bool is_resumable() const { return !id_.empty(); }

  // The client sent a stanza: our 'h'.
  void count_received() { ++received_; }
  std::uint32_t received() const { return received_; }

  // A stanza was written to the client; kept until acknowledged.
  void count_sent(xml::Element stanza);
  std::uint32_t sent() const { return sent_; }

  // The client's 'h' (in <a/> or <resume/>): drops what it confirms. kTooHigh, and nothing
  // changes, when it claims more stanzas than were sent.
  Ack acknowledge(std::uint32_t h);
  std::uint32_t acknowledged() const { return acknowledged_; }

  // Stanzas sent and not acknowledged, oldest first.
  const std::vector<xml::Element>& unacknowledged() const { return unacked_; }
  std::size_t unacknowledged_count() const { return sent_ - acknowledged_; }
  std::vector<xml::Element> take_unacknowledged();

  // Whether enough stanzas went out since the last <r/> to ask again (ack_freq).
  bool is_ack_request_due(std::uint32_t frequency) const;
  void ack_requested(std::chrono::steady_clock::time_point now);
  // When the oldest <r/> that no <a/> has followed yet was sent.
  std::optional<std::chrono::steady_clock::time_point> unanswered_since() const {
    return unanswered_since_;
  }

 private:
  std::string id_;
  bool buffer_;
  std::uint32_t received_ = 0;
  std::uint32_t sent_ = 0;
  std::uint32_t acknowledged_ = 0;
  std::uint32_t requested_at_ = 0;
  std::optional<std::chrono::steady_clock::time_point> unanswered_since_;
  // A vector, not a deque: with ack_freq 1 it is emptied by almost every <a/>, and an
  // empty libstdc++ deque still holds a 512-byte block.
  std::vector<xml::Element> unacked_;
};

}  // namespace meerkat::stream::c2s
