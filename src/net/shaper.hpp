// SPDX-License-Identifier: Apache-2.0
// Traffic shaper (MongooseIM shaper.md): a token bucket of `max_rate` bytes per second with a
// one-second burst. A connection that overdraws it stops reading for as long as the debt takes
// to repay, which slows the peer down through TCP flow control instead of buffering.
#pragma once

#include <chrono>
#include <cstdint>

namespace meerkat::net {

class Shaper {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Shaper(std::uint64_t max_rate, Clock::time_point now = Clock::now())
      : rate_(static_cast<double>(max_rate)), tokens_(rate_), updated_(now) {}

  // Records `bytes` read at `now`.
  void consume(std::size_t bytes, Clock::time_point now = Clock::now()) {
    refill(now);
    tokens_ -= static_cast<double>(bytes);
  }
  // How long to stop reading before the bucket is no longer in debt (zero: read on).
  std::chrono::milliseconds pause(Clock::time_point now = Clock::now()) {
    refill(now);
    if (tokens_ >= 0 || rate_ <= 0) return std::chrono::milliseconds{0};
    return std::chrono::milliseconds{static_cast<std::int64_t>(-tokens_ * 1000.0 / rate_) + 1};
  }

 private:
  void refill(Clock::time_point now) {
    std::chrono::duration<double> elapsed = now - updated_;
    updated_ = now;
    tokens_ = std::min(rate_, tokens_ + elapsed.count() * rate_);
  }

  double rate_;
  double tokens_;
  Clock::time_point updated_;
};

}  // namespace meerkat::net
