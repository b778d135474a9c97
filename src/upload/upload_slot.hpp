// SPDX-License-Identifier: Apache-2.0
// XEP-0363 upload slots of the "local" backend: a PUT URL that carries its own expiry, size,
// content type and an HMAC signature by the server's key, so the HTTP listener can accept the
// upload without sharing any state with the XMPP side; and the GET URL the file stays at.
#pragma once

#include <boost/system/result.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meerkat::upload {

using Clock = std::chrono::system_clock;

// RFC 3986 §2.3: unreserved characters stay, every other byte becomes %XX (upper case).
std::string encode_segment(std::string_view raw);
// nullopt for a malformed escape.
std::optional<std::string> decode_segment(std::string_view encoded);

struct SlotRequest {
  std::string filename;
  std::uint64_t size = 0;
  std::string content_type;  // empty: the client named none
};

struct Slot {
  std::string put_url;
  std::string get_url;
  // Headers the client must send with its PUT (XEP-0363 §4: Authorization, Cookie, Expires).
  std::vector<std::pair<std::string, std::string>> put_headers;
};

// A PUT the signature vouches for.
struct Upload {
  std::string token;
  std::string filename;  // decoded
  std::uint64_t size = 0;
  std::string content_type;
};

// Why a PUT is refused, as the HTTP status to answer with.
struct Refusal {
  int status;
  std::string reason;
};

class LocalSlots {
 public:
  // `base_url` is where the HTTP handler is reachable, without a trailing slash.
  LocalSlots(std::string key, std::string base_url, std::chrono::seconds lifetime,
             std::size_t token_bytes);

  Slot make(const SlotRequest& request, Clock::time_point now) const;

  // Checks a PUT to `target` (the part of the request target after the handler's path,
  // "<token>/<name>?<query>") with the request's Content-Type and body size.
  boost::system::result<Upload, Refusal> check_put(std::string_view target,
                                                   std::string_view content_type,
                                                   std::uint64_t body_size,
                                                   Clock::time_point now) const;

 private:
  std::string sign(std::string_view token, std::string_view encoded_name, std::uint64_t size,
                   std::string_view content_type, std::int64_t expires) const;

  std::string key_;
  std::string base_url_;
  std::chrono::seconds lifetime_;
  std::size_t token_bytes_;
};

// "<token>/<encoded name>" split, with the name decoded; nullopt if the path is not one.
std::optional<std::pair<std::string, std::string>> split_file_path(std::string_view path);

// Lower-case hex of `bytes` random bytes from the system's CSPRNG.
std::string random_hex(std::size_t bytes);
// HMAC-SHA256 of `data` under `key`, lower-case hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace meerkat::upload
