// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/channel_binding.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/tls_pair.hpp"

namespace meerkat::auth::sasl {
namespace {

using testing::make_certificate;
using testing::make_key;
using testing::serving;
using testing::TlsPair;

std::string certificate_digest(X509* cert, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EXPECT_EQ(X509_digest(cert, md, out, &size), 1);
  return std::string(reinterpret_cast<char*>(out), size);
}

// A client computes tls-exporter itself; both ends must agree for SCRAM -PLUS to work.
std::optional<std::string> client_exporter(SSL* client) {
  std::string out(32, '\0');
  constexpr std::string_view kLabel = "EXPORTER-Channel-Binding";
  if (SSL_export_keying_material(client, reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                 kLabel.data(), kLabel.size(), nullptr, 0, 0) != 1) {
    return std::nullopt;
  }
  return out;
}

TEST(ChannelBinding, TlsExporterIsTheSameOnBothEndsOfATls13Connection) {
  auto key = make_key();
  auto cert = make_certificate(key.get(), "example.com", EVP_sha256());
  TlsPair tls(serving(key.get(), cert.get()));
  ASSERT_EQ(SSL_version(tls.server()), TLS1_3_VERSION);
  const auto server = tls_exporter(tls.server());
  ASSERT_TRUE(server);
  EXPECT_EQ(server->size(), 32u);
  EXPECT_EQ(server, client_exporter(tls.client()));
  EXPECT_EQ(channel_binding_data(tls.server(), "tls-exporter"), server);

  TlsPair other(serving(key.get(), cert.get()));
  EXPECT_NE(tls_exporter(other.server()), server);  // bound to the connection
}

TEST(ChannelBinding, TlsExporterIsUnavailableBeforeTls13) {
  auto key = make_key();
  auto cert = make_certificate(key.get(), "example.com", EVP_sha256());
  auto options = serving(key.get(), cert.get());
  options.max_version = TLS1_2_VERSION;
  TlsPair tls(options);
  ASSERT_EQ(SSL_version(tls.server()), TLS1_2_VERSION);
  EXPECT_FALSE(tls_exporter(tls.server()));
  EXPECT_TRUE(tls_server_end_point(tls.server()));
}

TEST(ChannelBinding, TlsServerEndPointHashesOurCertificateWithItsSignatureHash) {
  auto key = make_key("P-384");
  auto cert = make_certificate(key.get(), "example.com", EVP_sha384());
  TlsPair tls(serving(key.get(), cert.get()));
  const auto data = tls_server_end_point(tls.server());
  ASSERT_TRUE(data);
  EXPECT_EQ(*data, certificate_digest(cert.get(), EVP_sha384()));
  EXPECT_EQ(channel_binding_data(tls.server(), "tls-server-end-point"), data);
  // What a client computes from the certificate it received.
  EXPECT_EQ(*data, certificate_digest(SSL_get0_peer_certificate(tls.client()), EVP_sha384()));
}

TEST(ChannelBinding, TlsServerEndPointUsesSha256ForSha1Signatures) {
  auto key = make_key();
  auto cert = make_certificate(key.get(), "example.com", EVP_sha1());
  testing::Owned<SSL_CTX, SSL_CTX_free> ctx(SSL_CTX_new(TLS_server_method()));
  SSL_CTX_set_security_level(ctx.get(), 0);  // SHA-1 signatures are refused otherwise
  ASSERT_EQ(SSL_CTX_use_certificate(ctx.get(), cert.get()), 1);
  testing::Owned<SSL, SSL_free> ssl(SSL_new(ctx.get()));
  EXPECT_EQ(tls_server_end_point(ssl.get()), certificate_digest(cert.get(), EVP_sha256()));
}

TEST(ChannelBinding, TlsServerEndPointIsUndefinedForEd25519) {
  auto key = make_key("ED25519");
  auto cert = make_certificate(key.get(), "example.com", nullptr);
  TlsPair tls(serving(key.get(), cert.get()));
  EXPECT_FALSE(tls_server_end_point(tls.server()));
  EXPECT_TRUE(tls_exporter(tls.server()));
}

TEST(ChannelBinding, UnknownTypesAndMissingConnectionsHaveNoData) {
  auto key = make_key();
  auto cert = make_certificate(key.get(), "example.com", EVP_sha256());
  TlsPair tls(serving(key.get(), cert.get()));
  EXPECT_FALSE(channel_binding_data(tls.server(), "tls-unique"));
  EXPECT_FALSE(tls_exporter(nullptr));
  EXPECT_FALSE(tls_server_end_point(nullptr));
}

}  // namespace
}  // namespace meerkat::auth::sasl
