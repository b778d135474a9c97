// SPDX-License-Identifier: Apache-2.0
#include "auth/password/password_record.hpp"

#include <algorithm>
#include <charconv>

#include "core/encoding/base64.hpp"

namespace meerkat::auth::password {
namespace {

using scram::ScramHash;
using scram::ScramKeys;

constexpr std::string_view kVersionTag = "meerkat1";

std::string_view field_name(ScramHash hash) {
  switch (hash) {
    case ScramHash::kSha1: return "sha-1";
    case ScramHash::kSha224: return "sha-224";
    case ScramHash::kSha256: return "sha-256";
    case ScramHash::kSha384: return "sha-384";
    case ScramHash::kSha512: return "sha-512";
  }
  return "?";
}

std::optional<ScramHash> hash_from_field_name(std::string_view name) {
  for (ScramHash hash : scram::kAllScramHashes) {
    if (field_name(hash) == name) return hash;
  }
  return std::nullopt;
}

// Splits at every `sep`; empty parts are kept, so "a::b" has three parts.
std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

Error malformed(std::string_view why) {
  return Error::internal("malformed password record: " + std::string(why));
}

Result<ScramKeys> parse_scram_field(ScramHash hash, std::string_view value) {
  const auto parts = split(value, ':');
  if (parts.size() != 4) return malformed("a SCRAM field needs four parts");
  int iterations = 0;
  const auto [end, ec] =
      std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), iterations);
  if (ec != std::errc() || end != parts[0].data() + parts[0].size() || iterations <= 0) {
    return malformed("iterations must be a positive integer");
  }
  auto salt = encoding::base64_decode(parts[1]);
  auto stored_key = encoding::base64_decode(parts[2]);
  auto server_key = encoding::base64_decode(parts[3]);
  if (!salt || !stored_key || !server_key) return malformed("bad base64 in a SCRAM field");
  if (salt->empty()) return malformed("empty salt");
  const std::size_t size = scram::digest_size(hash);
  if (stored_key->size() != size || server_key->size() != size) {
    return malformed("SCRAM key of the wrong size");
  }
  return ScramKeys{.hash = hash,
                   .salt = std::move(*salt),
                   .iterations = iterations,
                   .stored_key = std::move(*stored_key),
                   .server_key = std::move(*server_key)};
}

// Adds one "name:value" field to the record.
Result<void> parse_field(std::string_view field, PasswordRecord& record) {
  const std::size_t colon = field.find(':');
  if (colon == std::string_view::npos) return malformed("field without a name");
  const std::string_view name = field.substr(0, colon);
  const std::string_view value = field.substr(colon + 1);
  if (name == "plain") {
    if (record.plain) return malformed("duplicate plain field");
    auto plain = encoding::base64_decode(value);
    if (!plain) return malformed("bad base64 in the plain field");
    record.plain = std::move(*plain);
    return {};
  }
  const auto hash = hash_from_field_name(name);
  if (!hash) return malformed("unknown field");
  if (record.keys_for(*hash) != nullptr) return malformed("duplicate SCRAM hash");
  auto keys = parse_scram_field(*hash, value);
  if (!keys) return keys.error();
  record.scram.push_back(std::move(*keys));
  return {};
}

std::size_t strength(ScramHash hash) { return scram::digest_size(hash); }

}  // namespace

const ScramKeys* PasswordRecord::keys_for(ScramHash hash) const {
  for (const ScramKeys& keys : scram) {
    if (keys.hash == hash) return &keys;
  }
  return nullptr;
}

ScramHash scram_hash(config::HashFunction hash) {
  switch (hash) {
    case config::HashFunction::kSha1: return ScramHash::kSha1;
    case config::HashFunction::kSha224: return ScramHash::kSha224;
    case config::HashFunction::kSha256: return ScramHash::kSha256;
    case config::HashFunction::kSha384: return ScramHash::kSha384;
    case config::HashFunction::kSha512: return ScramHash::kSha512;
  }
  throw InternalError("unknown HashFunction");
}

PasswordRecord make_password_record(std::string_view password,
                                    const config::PasswordOptions& options) {
  PasswordRecord record;
  if (options.format == config::PasswordFormat::kPlain) {
    record.plain = std::string(password);
    return record;
  }
  std::vector<ScramHash> hashes;
  if (options.hash) {
    for (config::HashFunction h : *options.hash) hashes.push_back(scram_hash(h));
  } else {
    hashes.assign(std::begin(scram::kAllScramHashes), std::end(scram::kAllScramHashes));
  }
  for (ScramHash hash : hashes) {
    if (record.keys_for(hash) != nullptr) continue;  // the option listed a hash twice
    record.scram.push_back(scram::make_scram_keys(hash, password, scram::random_bytes(kSaltSize),
                                                  options.scram_iterations));
  }
  return record;
}

std::string serialize(const PasswordRecord& record) {
  std::string out(kVersionTag);
  if (record.plain) out += " plain:" + encoding::base64_encode(*record.plain);
  for (const ScramKeys& keys : record.scram) {
    out += ' ';
    out += field_name(keys.hash);
    out += ':' + std::to_string(keys.iterations);
    out += ':' + encoding::base64_encode(keys.salt);
    out += ':' + encoding::base64_encode(keys.stored_key);
    out += ':' + encoding::base64_encode(keys.server_key);
  }
  return out;
}

Result<PasswordRecord> parse_password_record(std::string_view text) {
  const auto fields = split(text, ' ');
  if (fields.front() != kVersionTag) return malformed("unknown version");
  PasswordRecord record;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    if (auto added = parse_field(fields[i], record); !added) return added.error();
  }
  if (!record.plain && record.scram.empty()) return malformed("no credentials");
  return record;
}

bool verify_password(const PasswordRecord& record, std::string_view password) {
  if (record.plain) {
    // Comparing digests keeps the comparison constant-time even when the sizes differ.
    return scram::constant_time_equal(
        scram::digest(ScramHash::kSha256, scram::normalize_password(*record.plain)),
        scram::digest(ScramHash::kSha256, scram::normalize_password(password)));
  }
  const auto strongest = std::max_element(
      record.scram.begin(), record.scram.end(),
      [](const ScramKeys& a, const ScramKeys& b) { return strength(a.hash) < strength(b.hash); });
  if (strongest == record.scram.end()) return false;
  const ScramKeys computed =
      scram::make_scram_keys(strongest->hash, password, strongest->salt, strongest->iterations);
  return scram::constant_time_equal(computed.stored_key, strongest->stored_key);
}

}  // namespace meerkat::auth::password
