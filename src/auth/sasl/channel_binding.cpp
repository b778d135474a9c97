// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/channel_binding.hpp"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

namespace meerkat::auth::sasl {
namespace {

constexpr std::string_view kExporterLabel = "EXPORTER-Channel-Binding";
constexpr std::size_t kExporterSize = 32;

}  // namespace

std::optional<std::string> tls_exporter(SSL* ssl) {
  if (ssl == nullptr || !SSL_is_init_finished(ssl) || SSL_version(ssl) != TLS1_3_VERSION) {
    return std::nullopt;
  }
  std::string out(kExporterSize, '\0');
  if (SSL_export_keying_material(ssl, reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                 kExporterLabel.data(), kExporterLabel.size(), nullptr, 0,
                                 /*use_context=*/0) != 1) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> tls_server_end_point(SSL* ssl) {
  X509* cert = ssl == nullptr ? nullptr : SSL_get_certificate(ssl);
  if (cert == nullptr) return std::nullopt;
  int md_nid = NID_undef;
  if (OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, nullptr) != 1 ||
      md_nid == NID_undef) {
    return std::nullopt;
  }
  const EVP_MD* md =
      (md_nid == NID_md5 || md_nid == NID_sha1) ? EVP_sha256() : EVP_get_digestbynid(md_nid);
  if (md == nullptr) return std::nullopt;
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  if (X509_digest(cert, md, reinterpret_cast<unsigned char*>(out.data()), &size) != 1) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::optional<std::string> channel_binding_data(SSL* ssl, std::string_view type) {
  if (type == "tls-exporter") return tls_exporter(ssl);
  if (type == "tls-server-end-point") return tls_server_end_point(ssl);
  return std::nullopt;
}

}  // namespace meerkat::auth::sasl
