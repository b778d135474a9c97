// SPDX-License-Identifier: Apache-2.0
#include "upload/upload_slot.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>

#include "core/encoding/hex.hpp"

namespace meerkat::upload {

namespace {

constexpr std::string_view kUpperHex = "0123456789ABCDEF";

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of `name` in a query string ("a=1&b=2"), still encoded.
std::optional<std::string_view> query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

template <class Int>
std::optional<Int> parse_int(std::string_view text) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_token(std::string_view token, std::size_t bytes) {
  if (token.size() != bytes * 2) return false;
  for (char c : token) {
    if (hex_value(c) < 0 || (c >= 'A' && c <= 'F')) return false;
  }
  return true;
}

}  // namespace

std::string encode_segment(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (unsigned char c : raw) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kUpperHex[c >> 4];
      out += kUpperHex[c & 0xF];
    }
  }
  return out;
}

std::optional<std::string> decode_segment(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      out += encoded[i];
      continue;
    }
    if (i + 2 >= encoded.size()) return std::nullopt;
    int high = hex_value(encoded[i + 1]);
    int low = hex_value(encoded[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no random bytes from OpenSSL");
  }
  return encoding::hex_encode(raw);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return encoding::hex_encode(std::string_view(reinterpret_cast<const char*>(out), size));
}

std::optional<std::pair<std::string, std::string>> split_file_path(std::string_view path) {
  auto slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  auto token = path.substr(0, slash);
  auto encoded = path.substr(slash + 1);
  if (encoded.empty() || encoded.find('/') != std::string_view::npos) return std::nullopt;
  auto name = decode_segment(encoded);
  if (!name || name->empty()) return std::nullopt;
  return std::pair{std::string(token), std::move(*name)};
}

LocalSlots::LocalSlots(std::string key, std::string base_url, std::chrono::seconds lifetime,
                       std::size_t token_bytes)
    : key_(std::move(key)),
      base_url_(std::move(base_url)),
      lifetime_(lifetime),
      token_bytes_(token_bytes) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::string LocalSlots::sign(std::string_view token, std::string_view encoded_name,
                             std::uint64_t size, std::string_view content_type,
                             std::int64_t expires) const {
  std::string data = "PUT\n";
  data.append(token).append("\n").append(encoded_name).append("\n");
  data.append(std::to_string(size)).append("\n").append(content_type).append("\n");
  data.append(std::to_string(expires));
  return hmac_sha256_hex(key_, data);
}

Slot LocalSlots::make(const SlotRequest& request, Clock::time_point now) const {
  auto token = random_hex(token_bytes_);
  auto name = encode_segment(request.filename);
  auto expires =
      std::chrono::duration_cast<std::chrono::seconds>((now + lifetime_).time_since_epoch())
          .count();
  auto file_url = base_url_ + "/" + token + "/" + name;
  Slot slot;
  slot.get_url = file_url;
  slot.put_url = file_url + "?expires=" + std::to_string(expires) +
                 "&size=" + std::to_string(request.size) +
                 "&type=" + encode_segment(request.content_type) +
                 "&sig=" + sign(token, name, request.size, request.content_type, expires);
  return slot;
}

boost::system::result<Upload, Refusal> LocalSlots::check_put(std::string_view target,
                                                             std::string_view content_type,
                                                             std::uint64_t body_size,
                                                             Clock::time_point now) const {
  auto question = target.find('?');
  if (question == std::string_view::npos) return Refusal{403, "not an upload URL"};
  auto path = target.substr(0, question);
  auto query = target.substr(question + 1);
  auto file = split_file_path(path);
  auto expires = parse_int<std::int64_t>(query_value(query, "expires").value_or(""));
  auto size = parse_int<std::uint64_t>(query_value(query, "size").value_or(""));
  auto type = decode_segment(query_value(query, "type").value_or(""));
  auto sig = query_value(query, "sig");
  if (!file || !is_token(file->first, token_bytes_) || !expires || !size || !type || !sig) {
    return Refusal{403, "not an upload URL"};
  }
  // The signature covers the name as the slot spelled it, so it is checked re-encoded.
  auto expected = sign(file->first, encode_segment(file->second), *size, *type, *expires);
  if (expected.size() != sig->size() ||
      CRYPTO_memcmp(expected.data(), sig->data(), expected.size()) != 0) {
    return Refusal{403, "the upload URL's signature does not match"};
  }
  auto now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (now_s > *expires) return Refusal{403, "the upload slot has expired"};
  if (body_size > *size) return Refusal{413, "the file is larger than the slot"};
  if (body_size != *size) return Refusal{400, "the file's size differs from the slot's"};
  if (!type->empty() && content_type != *type) {
    return Refusal{400, "the Content-Type differs from the slot's"};
  }
  return Upload{file->first, file->second, *size, *type};
}

}  // namespace meerkat::upload
