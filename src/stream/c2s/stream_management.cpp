// SPDX-License-Identifier: Apache-2.0
#include "stream/c2s/stream_management.hpp"

namespace meerkat::stream::c2s {

void StreamManagement::count_sent(xml::Element stanza) {
  ++sent_;
  if (buffer_) unacked_.push_back(std::move(stanza));
}

StreamManagement::Ack StreamManagement::acknowledge(std::uint32_t h) {
  // Unsigned differences: correct across the 2^32 wrap.
  std::uint32_t newly = h - acknowledged_;
  std::uint32_t outstanding = sent_ - acknowledged_;
  if (newly > outstanding) return Ack::kTooHigh;
  acknowledged_ = h;
  unanswered_since_.reset();
  if (!buffer_ || newly == 0) return Ack::kAccepted;
  // With the buffer on, unacked_ holds exactly the outstanding stanzas, oldest first.
  if (newly == unacked_.size()) {
    std::vector<xml::Element>().swap(unacked_);  // an idle session keeps no capacity
  } else {
    unacked_.erase(unacked_.begin(), unacked_.begin() + static_cast<std::ptrdiff_t>(newly));
  }
  return Ack::kAccepted;
}

std::vector<xml::Element> StreamManagement::take_unacknowledged() {
  auto taken = std::exchange(unacked_, {});
  acknowledged_ = sent_;
  return taken;
}

void StreamManagement::ack_requested(std::chrono::steady_clock::time_point now) {
  requested_at_ = sent_;
  if (!unanswered_since_) unanswered_since_ = now;
}

bool StreamManagement::is_ack_request_due(std::uint32_t frequency) const {
  return sent_ != acknowledged_ && sent_ - requested_at_ >= frequency;
}

}  // namespace meerkat::stream::c2s
