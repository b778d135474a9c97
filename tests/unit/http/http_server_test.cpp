// SPDX-License-Identifier: Apache-2.0
// Routing and content coding of the HTTP listener.
#include <gtest/gtest.h>

#include "http/server/compression.hpp"
#include "http/server/http_settings.hpp"

namespace meerkat::http {
namespace {

class Named final : public Handler {
 public:
  explicit Named(bool subpaths) : subpaths_(subpaths) {}
  bool serves_subpaths() const override { return subpaths_; }
  boost::asio::awaitable<std::optional<Response>> handle(Request&, Exchange&) override {
    co_return std::nullopt;
  }

 private:
  bool subpaths_;
};

TEST(HttpRoutes, MatchHostAndPath) {
  HttpSettings settings;
  settings.routes.push_back({"localhost", "/ws", std::make_unique<Named>(false)});
  settings.routes.push_back({"_", "/api", std::make_unique<Named>(true)});
  settings.routes.push_back({"_", "/ws", std::make_unique<Named>(false)});
  const auto* first = &settings.routes[0];
  const auto* api = &settings.routes[1];
  const auto* any_ws = &settings.routes[2];
  EXPECT_EQ(settings.find_route("LocalHost:5280", "/ws"), first);
  EXPECT_EQ(settings.find_route("localhost", "/ws/"), first);
  EXPECT_EQ(settings.find_route("localhost", "/ws?x=1"), first);
  EXPECT_EQ(settings.find_route("other", "/ws"), any_ws);
  EXPECT_EQ(settings.find_route("[::1]:5280", "/ws"), any_ws);
  EXPECT_EQ(settings.find_route("localhost", "/ws/deeper"), nullptr);
  EXPECT_EQ(settings.find_route("localhost", "/wsx"), nullptr);
  EXPECT_EQ(settings.find_route("localhost", "/api/users/alice"), api);
  EXPECT_EQ(settings.find_route("localhost", "/"), nullptr);
}

TEST(HttpCompression, ChoosesFromAcceptEncoding) {
  EXPECT_EQ(choose_coding("gzip, deflate"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("deflate"), ContentCoding::kDeflate);
  EXPECT_EQ(choose_coding("GZIP;q=0.5"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("gzip;q=0, deflate;q=0.1"), ContentCoding::kDeflate);
  EXPECT_EQ(choose_coding("*"), ContentCoding::kGzip);
  EXPECT_EQ(choose_coding("br"), std::nullopt);
  EXPECT_EQ(choose_coding(""), std::nullopt);
  EXPECT_EQ(choose_coding("*, gzip;q=0, deflate;q=0"), std::nullopt);
}

TEST(HttpCompression, GzipStartsWithItsMagicNumber) {
  std::string body(1000, 'a');
  auto gz = compress(body, ContentCoding::kGzip);
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), 100u);
  EXPECT_EQ(gz->substr(0, 2), std::string("\x1f\x8b", 2));
  auto deflated = compress(body, ContentCoding::kDeflate);
  ASSERT_TRUE(deflated);
  EXPECT_EQ(static_cast<unsigned char>((*deflated)[0]), 0x78);  // zlib header
}

}  // namespace
}  // namespace meerkat::http
