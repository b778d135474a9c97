// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/id.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstddef>
#include <random>
#include <string_view>

namespace meerkat::stanza {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kIdBytes = 12;  // 96 bits → 16 characters of 6 bits

// Random bytes fetched 1 KiB at a time: one RAND_bytes call per ~85 ids. The pool is per thread
// (each shard has its own), so no locking; it is the only state here and holds nothing else.
class RandomPool {
 public:
  const unsigned char* take(std::size_t n) {
    if (pos_ + n > bytes_.size()) refill();
    const unsigned char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }

 private:
  void refill() {
    if (RAND_bytes(bytes_.data(), static_cast<int>(bytes_.size())) != 1) {
      // The CSPRNG is not seeded (should not happen with OpenSSL 3); the OS source still is.
      std::random_device device;
      for (unsigned char& b : bytes_) b = static_cast<unsigned char>(device());
    }
    pos_ = 0;
  }

  std::array<unsigned char, 1020> bytes_{};  // a multiple of kIdBytes
  std::size_t pos_ = bytes_.size();
};

}  // namespace

std::string make_id() {
  thread_local RandomPool pool;
  const unsigned char* r = pool.take(kIdBytes);
  std::string id(16, '\0');
  for (std::size_t i = 0, o = 0; i < kIdBytes; i += 3, o += 4) {
    const unsigned v = (unsigned{r[i]} << 16) | (unsigned{r[i + 1]} << 8) | r[i + 2];
    id[o] = kAlphabet[(v >> 18) & 63];
    id[o + 1] = kAlphabet[(v >> 12) & 63];
    id[o + 2] = kAlphabet[(v >> 6) & 63];
    id[o + 3] = kAlphabet[v & 63];
  }
  return id;
}

}  // namespace meerkat::stanza
