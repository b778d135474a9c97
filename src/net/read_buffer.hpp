// SPDX-License-Identifier: Apache-2.0
// The read buffer of a shard. Each shard is one thread, and Transport::read_available never
// suspends while it fills the buffer, so every connection of the shard can read into the same
// one: an idle connection holds no read buffer at all.
#pragma once

#include <array>
#include <span>

namespace meerkat::net {

inline std::span<char> shard_read_buffer() {
  thread_local std::array<char, 64 * 1024> buffer;
  return buffer;
}

}  // namespace meerkat::net
