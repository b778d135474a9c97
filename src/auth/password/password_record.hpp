// SPDX-License-Identifier: Apache-2.0
// A user's stored credentials (auth layer, no I/O): the plain password or SCRAM keys
// (RFC 5802 §2.2) per hash, as MongooseIM's password.format/hash options choose, and the
// versioned text form in which storage backends keep them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/scram/scram.hpp"
#include "config/auth_options.hpp"
#include "core/error/error.hpp"

namespace meerkat::auth::password {

// At least one of the two is present in a record from make_password_record or
// parse_password_record.
struct PasswordRecord {
  std::optional<std::string> plain;
  std::vector<scram::ScramKeys> scram;  // at most one entry per hash

  // nullptr when there are no keys for this hash.
  const scram::ScramKeys* keys_for(scram::ScramHash hash) const;
};

inline constexpr int kSaltSize = 16;  // bytes, fresh for every hash and every password change

scram::ScramHash scram_hash(config::HashFunction hash);

// format plain: only `plain`. format scram: keys for every hash in options.hash (unset: all five),
// each with its own fresh salt and options.scram_iterations; the password itself is not kept.
PasswordRecord make_password_record(std::string_view password,
                                    const config::PasswordOptions& options);

// Text form, version 1: space-separated fields, the first one the version tag:
//   meerkat1 [plain:<b64 password>] [<hash>:<iterations>:<b64 salt>:<b64 StoredKey>:<b64
//   ServerKey>]…
// <hash> is sha-1, sha-224, sha-256, sha-384 or sha-512, each at most once, in the order of the
// record. Base64 is RFC 4648 with padding, so no field contains ':' or ' '. A later format gets
// a new tag ("meerkat2"); the parser rejects tags it does not know.
std::string serialize(const PasswordRecord& record);
// Rejects unknown versions and hashes, duplicate hashes, keys of the wrong size, non-positive
// iterations and records without credentials. Error texts never contain the fields' contents.
Result<PasswordRecord> parse_password_record(std::string_view text);

// Plain record: constant-time comparison of the passwords. Otherwise the password is hashed with
// the salt and iterations of the strongest stored hash and compared with its StoredKey.
bool verify_password(const PasswordRecord& record, std::string_view password);

}  // namespace meerkat::auth::password
