// SPDX-License-Identifier: Apache-2.0
// An in-memory TLS connection for tests: two SSL objects joined by a BIO pair, handshaken
// without sockets, and certificates made on the spot with OpenSSL.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace meerkat::testing {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, std::integral_constant<decltype(Free), Free>>;
using OwnedKey = Owned<EVP_PKEY, EVP_PKEY_free>;
using OwnedCert = Owned<X509, X509_free>;

inline void require(bool ok, const char* step) {
  if (!ok) throw std::runtime_error(std::string("test TLS: ") + step + " failed");
}

// "P-256" or "ED25519".
inline OwnedKey make_key(const char* type = "P-256") {
  OwnedKey key(std::string_view(type) == "ED25519" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                                   : EVP_EC_gen(type));
  require(key != nullptr, "key generation");
  return key;
}

// A self-signed certificate with subject CN=`cn`, an optional subjectAltName in OpenSSL's
// config syntax ("DNS:example.com", "otherName:1.3.6.1.5.5.7.8.5;UTF8:juliet@example.com"),
// signed with `md` (nullptr for Ed25519).
inline OwnedCert make_certificate(EVP_PKEY* key, const std::string& cn, const EVP_MD* md,
                                  const std::string& san = {}) {
  OwnedCert cert(X509_new());
  require(cert != nullptr && X509_set_version(cert.get(), 2) == 1, "certificate");
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  require(X509_set_pubkey(cert.get(), key) == 1, "public key");
  X509_NAME* name = X509_get_subject_name(cert.get());
  require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                     0) == 1,
          "subject");
  require(X509_set_issuer_name(cert.get(), name) == 1, "issuer");
  if (!san.empty()) {
    X509V3_CTX v3{};
    X509V3_set_ctx(&v3, cert.get(), cert.get(), nullptr, nullptr, 0);
    Owned<X509_EXTENSION, X509_EXTENSION_free> ext(
        X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, san.c_str()));
    require(ext != nullptr && X509_add_ext(cert.get(), ext.get(), -1) == 1, "subjectAltName");
  }
  require(X509_sign(cert.get(), key, md) > 0, "signature");
  return cert;
}

struct TlsEndpoint {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
};

struct TlsPairOptions {
  TlsEndpoint server;
  TlsEndpoint client;            // no certificate: the client sends none
  X509* client_trust = nullptr;  // the server trusts this certificate for client auth
  bool request_client_cert = false;
  int max_version = TLS1_3_VERSION;
};

inline TlsPairOptions serving(EVP_PKEY* key, X509* cert) {
  TlsPairOptions options;
  options.server = {key, cert};
  return options;
}

// Both ends of a finished handshake. The server end is what Meerkat holds.
class TlsPair {
 public:
  explicit TlsPair(const TlsPairOptions& options)
      : server_ctx_(SSL_CTX_new(TLS_server_method())),
        client_ctx_(SSL_CTX_new(TLS_client_method())) {
    require(server_ctx_ && client_ctx_, "SSL_CTX_new");
    for (SSL_CTX* ctx : {server_ctx_.get(), client_ctx_.get()}) {
      SSL_CTX_set_max_proto_version(ctx, options.max_version);
    }
    require(SSL_CTX_use_certificate(server_ctx_.get(), options.server.cert) == 1 &&
                SSL_CTX_use_PrivateKey(server_ctx_.get(), options.server.key) == 1,
            "server certificate");
    if (options.client.cert != nullptr) {
      require(SSL_CTX_use_certificate(client_ctx_.get(), options.client.cert) == 1 &&
                  SSL_CTX_use_PrivateKey(client_ctx_.get(), options.client.key) == 1,
              "client certificate");
    }
    if (options.client_trust != nullptr) {
      require(
          X509_STORE_add_cert(SSL_CTX_get_cert_store(server_ctx_.get()), options.client_trust) == 1,
          "client trust");
    }
    if (options.request_client_cert) {
      // Accept any certificate; the verification result is kept for client_identities().
      SSL_CTX_set_verify(server_ctx_.get(), SSL_VERIFY_PEER,
                         [](int, X509_STORE_CTX*) { return 1; });
    }
    server_.reset(SSL_new(server_ctx_.get()));
    client_.reset(SSL_new(client_ctx_.get()));
    BIO* server_bio = nullptr;
    BIO* client_bio = nullptr;
    require(BIO_new_bio_pair(&server_bio, 0, &client_bio, 0) == 1, "BIO pair");
    SSL_set_bio(server_.get(), server_bio, server_bio);
    SSL_set_bio(client_.get(), client_bio, client_bio);
    SSL_set_accept_state(server_.get());
    SSL_set_connect_state(client_.get());
    handshake();
  }

  SSL* server() const { return server_.get(); }
  SSL* client() const { return client_.get(); }

 private:
  void handshake() {
    bool server_done = false;
    bool client_done = false;
    for (int round = 0; round < 20 && !(server_done && client_done); ++round) {
      client_done = client_done || SSL_do_handshake(client_.get()) == 1;
      server_done = server_done || SSL_do_handshake(server_.get()) == 1;
    }
    require(server_done && client_done, "handshake");
    // TLS 1.3: the server's session tickets and the client's view of the client certificate
    // settle once a little application data has flowed.
    char byte = 'x';
    require(SSL_write(client_.get(), &byte, 1) == 1 && SSL_read(server_.get(), &byte, 1) == 1,
            "application data");
  }

  Owned<SSL_CTX, SSL_CTX_free> server_ctx_;
  Owned<SSL_CTX, SSL_CTX_free> client_ctx_;
  Owned<SSL, SSL_free> server_;
  Owned<SSL, SSL_free> client_;
};

}  // namespace meerkat::testing
