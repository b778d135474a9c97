// SPDX-License-Identifier: Apache-2.0
#include "auth/scram/scram.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stringprep.h>

#include <cstdlib>

#include "core/error/error.hpp"

namespace meerkat::auth::scram {
namespace {

const EVP_MD* evp_md(ScramHash hash) {
  switch (hash) {
    case ScramHash::kSha1: return EVP_sha1();
    case ScramHash::kSha224: return EVP_sha224();
    case ScramHash::kSha256: return EVP_sha256();
    case ScramHash::kSha384: return EVP_sha384();
    case ScramHash::kSha512: return EVP_sha512();
  }
  throw InternalError("unknown ScramHash");
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool is_printable_ascii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace

std::string_view hash_name(ScramHash hash) {
  switch (hash) {
    case ScramHash::kSha1: return "SHA-1";
    case ScramHash::kSha224: return "SHA-224";
    case ScramHash::kSha256: return "SHA-256";
    case ScramHash::kSha384: return "SHA-384";
    case ScramHash::kSha512: return "SHA-512";
  }
  return "?";
}

std::size_t digest_size(ScramHash hash) {
  return static_cast<std::size_t>(EVP_MD_get_size(evp_md(hash)));
}

std::string digest(ScramHash hash, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &size,
                 evp_md(hash), nullptr) != 1) {
    throw InternalError("EVP_Digest failed");
  }
  out.resize(size);
  return out;
}

std::string hmac(ScramHash hash, std::string_view key, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  if (HMAC(evp_md(hash), key.data(), static_cast<int>(key.size()), bytes(data), data.size(),
           reinterpret_cast<unsigned char*>(out.data()), &size) == nullptr) {
    throw InternalError("HMAC failed");
  }
  out.resize(size);
  return out;
}

std::string salted_password(ScramHash hash, std::string_view password, std::string_view salt,
                            int iterations) {
  MEERKAT_CHECK(iterations > 0);
  std::string out(digest_size(hash), '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), bytes(salt),
                        static_cast<int>(salt.size()), iterations, evp_md(hash),
                        static_cast<int>(out.size()),
                        reinterpret_cast<unsigned char*>(out.data())) != 1) {
    throw InternalError("PKCS5_PBKDF2_HMAC failed");
  }
  return out;
}

std::string normalize_password(std::string_view password) {
  // Printable ASCII is unchanged by SASLprep; skip the allocation and the table walk.
  if (is_printable_ascii(password)) return std::string(password);
  const std::string in(password);
  if (in.find('\0') != std::string::npos) return in;
  char* out = nullptr;
  if (stringprep_profile(in.c_str(), &out, "SASLprep", static_cast<Stringprep_profile_flags>(0)) !=
      STRINGPREP_OK) {
    std::free(out);
    return in;
  }
  std::string prepared(out);
  std::free(out);
  return prepared;
}

ScramKeys keys_from_salted_password(ScramHash hash, std::string_view salted, std::string salt,
                                    int iterations) {
  const std::string client_key = hmac(hash, salted, "Client Key");
  return ScramKeys{.hash = hash,
                   .salt = std::move(salt),
                   .iterations = iterations,
                   .stored_key = digest(hash, client_key),
                   .server_key = hmac(hash, salted, "Server Key")};
}

ScramKeys make_scram_keys(ScramHash hash, std::string_view password, std::string salt,
                          int iterations) {
  std::string normalized = normalize_password(password);
  std::string salted = salted_password(hash, normalized, salt, iterations);
  ScramKeys keys = keys_from_salted_password(hash, salted, std::move(salt), iterations);
  OPENSSL_cleanse(normalized.data(), normalized.size());
  OPENSSL_cleanse(salted.data(), salted.size());
  return keys;
}

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (n != 0 &&
      RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw InternalError("RAND_bytes failed");
  }
  return out;
}

std::string xor_bytes(std::string_view a, std::string_view b) {
  MEERKAT_CHECK(a.size() == b.size());
  std::string out(a.size(), '\0');
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace meerkat::auth::scram
