// SPDX-License-Identifier: Apache-2.0
// SCRAM key derivation (auth layer, no I/O): RFC 5802 §3 Hi/HMAC/H and the stored keys,
// for SHA-1 and the SHA-2 family (RFC 7677 and the same construction for SHA-224/384/512).
// Written on OpenSSL EVP: GNU SASL (libgsasl 2.2, Debian 12) only has SCRAM-SHA-1 and
// SCRAM-SHA-256, not the -224/-384/-512 variants Meerkat offers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace meerkat::auth::scram {

enum class ScramHash { kSha1, kSha224, kSha256, kSha384, kSha512 };

// Every hash, weakest first.
inline constexpr ScramHash kAllScramHashes[] = {ScramHash::kSha1, ScramHash::kSha224,
                                                ScramHash::kSha256, ScramHash::kSha384,
                                                ScramHash::kSha512};

// What a server stores for one hash (RFC 5802 §2.2, §3): never the password itself.
struct ScramKeys {
  ScramHash hash = ScramHash::kSha256;
  std::string salt;  // raw bytes
  int iterations = 0;
  std::string stored_key;  // raw: H(ClientKey)
  std::string server_key;  // raw: HMAC(SaltedPassword, "Server Key")
};

// "SHA-1", "SHA-256", …: the suffix of the SASL mechanism name (RFC 5802 §4).
std::string_view hash_name(ScramHash hash);
// Output size of H in bytes (20 for SHA-1 … 64 for SHA-512).
std::size_t digest_size(ScramHash hash);

std::string digest(ScramHash hash, std::string_view data);                      // H
std::string hmac(ScramHash hash, std::string_view key, std::string_view data);  // HMAC
// Hi(password, salt, i) = PBKDF2 with HMAC-H and dkLen = digest_size (RFC 5802 §2.2).
std::string salted_password(ScramHash hash, std::string_view password, std::string_view salt,
                            int iterations);

// RFC 5802 §5.1: the password is normalized with SASLprep (RFC 4013, stored-string rules
// relaxed to query rules). Text SASLprep rejects (control characters, invalid UTF-8) is used
// as given, so such passwords still work, the same way on the client and the server side.
std::string normalize_password(std::string_view password);

// Normalizes the password, derives SaltedPassword and from it StoredKey and ServerKey.
ScramKeys make_scram_keys(ScramHash hash, std::string_view password, std::string salt,
                          int iterations);
// The same from an already salted password (what a client or a test computes).
ScramKeys keys_from_salted_password(ScramHash hash, std::string_view salted, std::string salt,
                                    int iterations);

// Cryptographically strong random bytes (RAND_bytes); throws InternalError if the CSPRNG fails.
std::string random_bytes(std::size_t n);
// Byte-wise XOR of two strings of the same size (ClientProof = ClientKey XOR ClientSignature).
std::string xor_bytes(std::string_view a, std::string_view b);
// Constant-time in the contents (CRYPTO_memcmp); strings of different sizes are unequal.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace meerkat::auth::scram
