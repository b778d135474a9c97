// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/client_certificate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/tls_pair.hpp"

namespace meerkat::auth::sasl {
namespace {

using testing::make_certificate;
using testing::make_key;
using testing::serving;
using testing::TlsPair;

constexpr const char* kXmppAddr = "otherName:1.3.6.1.5.5.7.8.5;UTF8:";

// The server's view of a client that presented `client_cert`, trusted or not.
std::vector<std::string> identities_of(X509* client_cert, EVP_PKEY* client_key, bool trusted) {
  auto server_key = make_key();
  auto server_cert = make_certificate(server_key.get(), "example.com", EVP_sha256());
  auto options = serving(server_key.get(), server_cert.get());
  options.client = {client_key, client_cert};
  options.client_trust = trusted ? client_cert : nullptr;
  options.request_client_cert = true;
  TlsPair tls(options);
  return client_identities(tls.server());
}

TEST(ClientCertificate, PrefersXmppAddrOverTheCommonName) {
  auto key = make_key();
  auto cert = make_certificate(key.get(), "someone", EVP_sha256(),
                               std::string(kXmppAddr) + "Juliet@Example.com," + kXmppAddr +
                                   "romeo@example.com,DNS:example.com");
  EXPECT_EQ(xmpp_addresses(cert.get()),
            (std::vector<std::string>{"juliet@example.com", "romeo@example.com"}));
  EXPECT_EQ(identities_of(cert.get(), key.get(), true),
            (std::vector<std::string>{"juliet@example.com", "romeo@example.com"}));
}

TEST(ClientCertificate, SkipsXmppAddrsThatAreNotBareJidsWithALocalpart) {
  auto key = make_key();
  auto cert = make_certificate(
      key.get(), "juliet", EVP_sha256(),
      std::string(kXmppAddr) + "example.com," + kXmppAddr + "juliet@example.com/balcony");
  EXPECT_TRUE(xmpp_addresses(cert.get()).empty());
  EXPECT_EQ(identities_of(cert.get(), key.get(), true), std::vector<std::string>{"juliet"});
}

TEST(ClientCertificate, FallsBackToTheCommonName) {
  auto key = make_key();
  auto user = make_certificate(key.get(), "juliet", EVP_sha256(), "DNS:example.com");
  EXPECT_EQ(common_name(user.get()), "juliet");
  EXPECT_EQ(identities_of(user.get(), key.get(), true), std::vector<std::string>{"juliet"});
  auto jid = make_certificate(key.get(), "Juliet@Example.com", EVP_sha256());
  EXPECT_EQ(identities_of(jid.get(), key.get(), true),
            std::vector<std::string>{"juliet@example.com"});
}

TEST(ClientCertificate, IgnoresUnverifiedCertificates) {
  auto key = make_key();
  auto cert = make_certificate(key.get(), "juliet", EVP_sha256(),
                               std::string(kXmppAddr) + "juliet@example.com");
  EXPECT_TRUE(identities_of(cert.get(), key.get(), false).empty());
}

TEST(ClientCertificate, HasNoIdentitiesWithoutACertificate) {
  auto key = make_key();
  auto cert = make_certificate(key.get(), "example.com", EVP_sha256());
  auto options = serving(key.get(), cert.get());
  options.request_client_cert = true;
  TlsPair tls(options);
  EXPECT_TRUE(client_identities(tls.server()).empty());
  EXPECT_TRUE(client_identities(nullptr).empty());
}

}  // namespace
}  // namespace meerkat::auth::sasl
