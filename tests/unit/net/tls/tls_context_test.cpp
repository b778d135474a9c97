// SPDX-License-Identifier: Apache-2.0
#include "net/tls/tls_context.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "net/tls/self_signed.hpp"

namespace meerkat::net::tls {
namespace {

using ::testing::HasSubstr;

class TlsContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("meerkat-tls-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    pem_ = (dir_ / "server.pem").string();
    ASSERT_TRUE(ensure_self_signed(pem_, {"localhost", "example.com"}));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string error_of(const config::TlsOptions& options) {
    try {
      make_server_context(options, "listen.c2s[1].tls");
    } catch (const TlsSetupError& e) {
      return e.what();
    }
    return "";
  }

  std::filesystem::path dir_;
  std::string pem_;
};

TEST_F(TlsContextTest, SelfSignedFileIsMadeOnceAndLoads) {
  EXPECT_FALSE(ensure_self_signed(pem_, {"localhost"}));  // left alone the second time
  EXPECT_EQ(std::filesystem::status(pem_).permissions() & std::filesystem::perms::group_read,
            std::filesystem::perms::none);
  config::TlsOptions options;
  options.certfile = pem_;
  EXPECT_NO_THROW(make_server_context(options, "listen.c2s[1].tls"));
}

TEST_F(TlsContextTest, MissingCertificateNamesTheOption) {
  config::TlsOptions options;
  options.certfile = (dir_ / "absent.pem").string();
  EXPECT_THAT(error_of(options), HasSubstr("listen.c2s[1].tls.certfile: cannot load certificate"));
}

TEST_F(TlsContextTest, KeyThatDoesNotMatchIsRefused) {
  auto other = (dir_ / "other.pem").string();
  ensure_self_signed(other, {"other"});
  config::TlsOptions options;
  options.module = config::TlsModule::kJustTls;
  options.certfile = pem_;
  options.keyfile = other;
  EXPECT_THAT(error_of(options), HasSubstr("listen.c2s[1].tls.keyfile"));
}

TEST_F(TlsContextTest, BadCipherStringNamesTheOption) {
  config::TlsOptions options;
  options.certfile = pem_;
  options.ciphers = "NO-SUCH-CIPHER";
  EXPECT_THAT(error_of(options), HasSubstr("listen.c2s[1].tls.ciphers: no usable cipher"));
}

TEST_F(TlsContextTest, BadDhFileNamesTheOption) {
  config::TlsOptions options;
  options.certfile = pem_;
  options.dhfile = pem_;  // a certificate, not DH parameters
  EXPECT_THAT(error_of(options), HasSubstr("listen.c2s[1].tls.dhfile"));
}

TEST_F(TlsContextTest, UnknownProtocolOptionIsRefused) {
  config::TlsOptions options;
  options.protocol_options = {"no_sslv3", "no_such_option"};
  EXPECT_THAT(error_of(options), HasSubstr("protocol_options: unknown protocol option"));
}

}  // namespace
}  // namespace meerkat::net::tls
