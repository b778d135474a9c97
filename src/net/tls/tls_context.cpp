// SPDX-License-Identifier: Apache-2.0
#include "net/tls/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <map>

namespace meerkat::net::tls {

namespace ssl = boost::asio::ssl;
namespace {

// The most recent OpenSSL error, as text for a start-up message.
std::string openssl_error() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return text.data();
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw TlsSetupError(path + ": " + what);
}

// fast_tls protocol_options names → OpenSSL option bits.
long protocol_option(const std::string& name, const std::string& path) {
  static const std::map<std::string, long> kOptions = {
      {"no_sslv2", SSL_OP_NO_SSLv2},
      {"no_sslv3", SSL_OP_NO_SSLv3},
      {"no_tlsv1", SSL_OP_NO_TLSv1},
      {"no_tlsv1_1", SSL_OP_NO_TLSv1_1},
      {"no_tlsv1_2", SSL_OP_NO_TLSv1_2},
      {"no_tlsv1_3", SSL_OP_NO_TLSv1_3},
      {"no_compression", SSL_OP_NO_COMPRESSION},
      {"no_ticket", SSL_OP_NO_TICKET},
      {"cipher_server_preference", SSL_OP_CIPHER_SERVER_PREFERENCE},
      {"single_dh_use", SSL_OP_SINGLE_DH_USE},
      {"single_ecdh_use", SSL_OP_SINGLE_ECDH_USE},
      {"all", static_cast<long>(SSL_OP_ALL)},
  };
  auto found = kOptions.find(name);
  if (found == kOptions.end()) fail(path, "unknown protocol option \"" + name + "\"");
  return found->second;
}

int tls_version(const std::string& name, const std::string& path) {
  if (name == "tlsv1.3") return TLS1_3_VERSION;
  if (name == "tlsv1.2") return TLS1_2_VERSION;
  if (name == "tlsv1.1") return TLS1_1_VERSION;
  if (name == "tlsv1") return TLS1_VERSION;
  fail(path, "unknown TLS version \"" + name + "\"");
}

void load_identity(SSL_CTX* ctx, const config::TlsOptions& options, const std::string& path) {
  if (!options.certfile) return;
  if (options.password) {
    // Only needed while the key is read below; the pointer is cleared again afterwards.
    SSL_CTX_set_default_passwd_cb_userdata(ctx, const_cast<std::string*>(&*options.password));
    SSL_CTX_set_default_passwd_cb(ctx, [](char* buf, int size, int, void* data) {
      const auto& pw = *static_cast<std::string*>(data);
      int n = std::min<int>(size, static_cast<int>(pw.size()));
      std::copy_n(pw.data(), n, buf);
      return n;
    });
  }
  if (SSL_CTX_use_certificate_chain_file(ctx, options.certfile->c_str()) != 1) {
    fail(path + ".certfile",
         "cannot load certificate from \"" + *options.certfile + "\": " + openssl_error());
  }
  // fast_tls keeps the key in the certificate file; just_tls may name a separate keyfile.
  const std::string& key = options.keyfile ? *options.keyfile : *options.certfile;
  std::string key_option = path + (options.keyfile ? ".keyfile" : ".certfile");
  bool key_loaded = SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) == 1;
  SSL_CTX_set_default_passwd_cb_userdata(ctx, nullptr);
  SSL_CTX_set_default_passwd_cb(ctx, nullptr);
  if (!key_loaded) {
    fail(options.password ? path + ".password" : key_option,
         "cannot load private key from \"" + key + "\": " + openssl_error());
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    fail(key_option, "private key does not match the certificate: " + openssl_error());
  }
}

void load_dh(SSL_CTX* ctx, const std::string& file, const std::string& path) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(file.c_str(), "r"), BIO_free);
  if (!bio) fail(path, "cannot open \"" + file + "\": " + openssl_error());
  EVP_PKEY* params = PEM_read_bio_Parameters(bio.get(), nullptr);
  if (!params) fail(path, "no Diffie-Hellman parameters in \"" + file + "\": " + openssl_error());
  if (SSL_CTX_set0_tmp_dh_pkey(ctx, params) != 1) {
    EVP_PKEY_free(params);
    fail(path, "Diffie-Hellman parameters rejected: " + openssl_error());
  }
}

void load_crls(SSL_CTX* ctx, const std::vector<std::string>& files, const std::string& path) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  for (const auto& file : files) {
    if (X509_STORE_load_file(store, file.c_str()) != 1) {
      fail(path, "cannot load revocation list \"" + file + "\": " + openssl_error());
    }
  }
  if (!files.empty())
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
}

// selfsigned_peer: a valid certificate is required, but its signer need not be known.
int accept_self_signed(int preverified, X509_STORE_CTX* store) {
  int error = X509_STORE_CTX_get_error(store);
  return preverified || error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
         error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
}

void configure_verification(SSL_CTX* ctx, const config::TlsOptions& options,
                            const std::string& path) {
  if (options.cacertfile &&
      SSL_CTX_load_verify_locations(ctx, options.cacertfile->c_str(), nullptr) != 1) {
    fail(path + ".cacertfile",
         "cannot load CA certificates from \"" + *options.cacertfile + "\": " + openssl_error());
  }
  if (options.verify_mode == config::VerifyMode::kNone || !options.cacertfile) {
    // Without a CA file there is nothing to verify against (the seed: "requires cacertfile").
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    return;
  }
  // Client certificates are asked for but not demanded: a client without one still
  // authenticates by other SASL mechanisms; one with a bad certificate fails when
  // disconnect_on_failure is set (the just_tls default).
  int mode = SSL_VERIFY_PEER;
  auto* callback = options.verify_mode == config::VerifyMode::kSelfsignedPeer
                       ? &accept_self_signed
                       : static_cast<int (*)(int, X509_STORE_CTX*)>(nullptr);
  if (!options.disconnect_on_failure) {
    callback = [](int, X509_STORE_CTX*) { return 1; };
  }
  SSL_CTX_set_verify(ctx, mode, callback);
}

}  // namespace

std::unique_ptr<ssl::context> make_server_context(const config::TlsOptions& options,
                                                  const std::string& path) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  // Idle TLS sessions give their read/write buffers back (DESIGN.md "Memory and speed").
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  ERR_clear_error();

  bool fast_tls = options.module == config::TlsModule::kFastTls;
  if (fast_tls) {
    long bits = 0;
    for (const auto& name : options.protocol_options) {
      bits |= protocol_option(name, path + ".protocol_options");
    }
    SSL_CTX_set_options(ctx, bits);
  }
  if (!options.versions.empty()) {
    int low = TLS1_3_VERSION, high = TLS1_VERSION;
    for (const auto& name : options.versions) {
      int v = tls_version(name, path + ".versions");
      low = std::min(low, v);
      high = std::max(high, v);
    }
    SSL_CTX_set_min_proto_version(ctx, low);
    SSL_CTX_set_max_proto_version(ctx, high);
  }
  std::string ciphers = options.ciphers.value_or(fast_tls ? "TLSv1.2:TLSv1.3" : "");
  if (!ciphers.empty() && SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
    fail(path + ".ciphers", "no usable cipher in \"" + ciphers + "\": " + openssl_error());
  }
  load_identity(ctx, options, path);
  if (options.dhfile) load_dh(ctx, *options.dhfile, path + ".dhfile");
  configure_verification(ctx, options, path);
  load_crls(ctx, options.crl_files, path + ".crl_files");
  return context;
}

namespace {

void limit_versions(SSL_CTX* ctx, const std::vector<std::string>& versions,
                    const std::string& path) {
  if (versions.empty()) return;
  int low = TLS1_3_VERSION, high = TLS1_VERSION;
  for (const auto& name : versions) {
    int v = tls_version(name, path);
    low = std::min(low, v);
    high = std::max(high, v);
  }
  SSL_CTX_set_min_proto_version(ctx, low);
  SSL_CTX_set_max_proto_version(ctx, high);
}

}  // namespace

std::unique_ptr<ssl::context> make_client_context(const config::ClientTlsOptions& options,
                                                  const std::string& path) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  ERR_clear_error();
  limit_versions(ctx, options.versions, path + ".versions");
  if (options.ciphers && SSL_CTX_set_cipher_list(ctx, options.ciphers->c_str()) != 1) {
    fail(path + ".ciphers", "no usable cipher in \"" + *options.ciphers + "\": " + openssl_error());
  }
  config::TlsOptions identity;
  identity.certfile = options.certfile;
  identity.keyfile = options.keyfile;
  identity.password = options.password;
  load_identity(ctx, identity, path);
  if (options.verify_mode == config::VerifyMode::kNone) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    return context;
  }
  bool loaded = options.cacertfile
                    ? SSL_CTX_load_verify_locations(ctx, options.cacertfile->c_str(), nullptr) == 1
                    : SSL_CTX_set_default_verify_paths(ctx) == 1;
  if (!loaded) {
    fail(path + ".cacertfile", "cannot load CA certificates: " + openssl_error());
  }
  auto* callback = options.verify_mode == config::VerifyMode::kSelfsignedPeer
                       ? &accept_self_signed
                       : static_cast<int (*)(int, X509_STORE_CTX*)>(nullptr);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, callback);
  return context;
}

}  // namespace meerkat::net::tls
