// SPDX-License-Identifier: Apache-2.0
#include "net/tls/self_signed.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

namespace meerkat::net::tls {
namespace {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, std::integral_constant<decltype(Free), Free>>;

void require(bool ok, const char* step) {
  if (!ok) throw std::runtime_error(std::string("self-signed certificate: ") + step + " failed");
}

Owned<EVP_PKEY, EVP_PKEY_free> make_key() {
  Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  require(key != nullptr, "key generation");
  return key;
}

void add_names(X509* cert, const std::vector<std::string>& hosts) {
  X509_NAME* name = X509_get_subject_name(cert);
  const auto* cn = reinterpret_cast<const unsigned char*>(hosts.front().c_str());
  require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) == 1, "subject");
  require(X509_set_issuer_name(cert, name) == 1, "issuer");
  std::string alt;
  for (const auto& host : hosts) alt += (alt.empty() ? "DNS:" : ",DNS:") + host;
  X509V3_CTX v3{};
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  Owned<X509_EXTENSION, X509_EXTENSION_free> san(
      X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, alt.c_str()));
  require(san != nullptr && X509_add_ext(cert, san.get(), -1) == 1, "subjectAltName");
}

Owned<X509, X509_free> make_certificate(EVP_PKEY* key, const std::vector<std::string>& hosts) {
  Owned<X509, X509_free> cert(X509_new());
  require(cert != nullptr, "certificate allocation");
  require(X509_set_version(cert.get(), 2) == 1, "version");
  std::array<unsigned char, 16> serial{};
  require(RAND_bytes(serial.data(), serial.size()) == 1, "serial");
  serial[0] &= 0x7F;  // a positive serial number
  Owned<BIGNUM, BN_free> bn(BN_bin2bn(serial.data(), serial.size(), nullptr));
  require(BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) != nullptr, "serial");
  constexpr long kTenYears = 10L * 365 * 24 * 3600;
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kTenYears);
  require(X509_set_pubkey(cert.get(), key) == 1, "public key");
  add_names(cert.get(), hosts);
  require(X509_sign(cert.get(), key, EVP_sha256()) > 0, "signature");
  return cert;
}

void close_file(FILE* file) { std::fclose(file); }

}  // namespace

bool ensure_self_signed(const std::string& pem_path, const std::vector<std::string>& hosts) {
  if (std::filesystem::exists(pem_path)) return false;
  if (hosts.empty()) throw std::runtime_error("self-signed certificate: no host to name");
  auto parent = std::filesystem::path(pem_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  auto key = make_key();
  auto cert = make_certificate(key.get(), hosts);
  // Written under a temporary name and renamed, so a crash never leaves half a file behind.
  std::string temporary = pem_path + ".tmp";
  mode_t old_mask = ::umask(077);
  Owned<FILE, close_file> file(std::fopen(temporary.c_str(), "w"));
  ::umask(old_mask);
  if (!file) throw std::runtime_error("self-signed certificate: cannot write " + temporary);
  require(PEM_write_X509(file.get(), cert.get()) == 1, "writing the certificate");
  require(PEM_write_PrivateKey(file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "writing the key");
  file.reset();
  std::filesystem::rename(temporary, pem_path);
  return true;
}

}  // namespace meerkat::net::tls
