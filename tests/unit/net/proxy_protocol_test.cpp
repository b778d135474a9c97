// SPDX-License-Identifier: Apache-2.0
#include "net/proxy_protocol.hpp"

#include <gtest/gtest.h>

#include <string>

namespace meerkat::net {
namespace {

std::string v2_header(unsigned char command, unsigned char family, std::string addresses) {
  std::string header("\r\n\r\n\0\r\nQUIT\n", 12);
  header += static_cast<char>(0x20 | command);
  header += static_cast<char>(family);
  header += static_cast<char>(addresses.size() >> 8);
  header += static_cast<char>(addresses.size() & 0xFF);
  return header + addresses;
}

TEST(ProxyProtocol, ParsesV1Tcp4) {
  auto r = parse_proxy_header("PROXY TCP4 192.0.2.7 198.51.100.1 56324 5222\r\n<stream");
  ASSERT_EQ(r.status, ProxyParseStatus::kComplete);
  EXPECT_EQ(r.header.length, 46U);
  EXPECT_EQ(r.header.source->address().to_string(), "192.0.2.7");
  EXPECT_EQ(r.header.source->port(), 56324);
  EXPECT_EQ(r.header.destination->port(), 5222);
}

TEST(ProxyProtocol, ParsesV1Tcp6) {
  auto r = parse_proxy_header("PROXY TCP6 2001:db8::1 2001:db8::2 1000 5222\r\n");
  ASSERT_EQ(r.status, ProxyParseStatus::kComplete);
  EXPECT_EQ(r.header.source->address().to_string(), "2001:db8::1");
}

TEST(ProxyProtocol, V1UnknownKeepsSocketAddresses) {
  auto r = parse_proxy_header("PROXY UNKNOWN\r\n");
  ASSERT_EQ(r.status, ProxyParseStatus::kComplete);
  EXPECT_FALSE(r.header.source);
}

TEST(ProxyProtocol, WaitsForTheWholeV1Line) {
  EXPECT_EQ(parse_proxy_header("PRO").status, ProxyParseStatus::kNeedMore);
  EXPECT_EQ(parse_proxy_header("PROXY TCP4 192.0.2.7").status, ProxyParseStatus::kNeedMore);
}

TEST(ProxyProtocol, RejectsMalformedV1) {
  for (const char* bad : {"<stream:stream>", "PROXY TCP4 192.0.2.7 198.51.100.1 56324\r\n",
                          "PROXY TCP4 2001:db8::1 198.51.100.1 1 2\r\n",
                          "PROXY TCP4 192.0.2.7 198.51.100.1 70000 5222\r\n",
                          "PROXY TCP4 192.0.2.7 198.51.100.1 0123 5222\r\n",
                          "PROXY UDP4 192.0.2.7 198.51.100.1 1 2\r\n"}) {
    EXPECT_EQ(parse_proxy_header(bad).status, ProxyParseStatus::kInvalid) << bad;
  }
  EXPECT_EQ(parse_proxy_header(std::string(120, 'P').replace(0, 6, "PROXY ")).status,
            ProxyParseStatus::kInvalid);
}

TEST(ProxyProtocol, ParsesV2Tcp4) {
  std::string addresses = {'\xC0', '\x00', '\x02', '\x07', '\xC6', '\x33',
                           '\x64', '\x01', '\xDC', '\x04', '\x14', '\x66'};
  auto input = v2_header(1, 0x11, addresses) + "<stream";
  auto r = parse_proxy_header(input);
  ASSERT_EQ(r.status, ProxyParseStatus::kComplete);
  EXPECT_EQ(r.header.length, 28U);
  EXPECT_EQ(r.header.source->address().to_string(), "192.0.2.7");
  EXPECT_EQ(r.header.source->port(), 56324);
  EXPECT_EQ(r.header.destination->port(), 5222);
}

TEST(ProxyProtocol, V2SkipsTlvsAndHonoursLocal) {
  std::string addresses(12, '\x01');
  addresses += std::string("\x04\x00\x01\x00", 4);  // a NOOP TLV after the addresses
  auto r = parse_proxy_header(v2_header(1, 0x11, addresses));
  ASSERT_EQ(r.status, ProxyParseStatus::kComplete);
  EXPECT_EQ(r.header.length, 16U + 16U);
  auto local = parse_proxy_header(v2_header(0, 0x00, ""));
  ASSERT_EQ(local.status, ProxyParseStatus::kComplete);
  EXPECT_FALSE(local.header.source);
}

TEST(ProxyProtocol, V2NeedsTheAnnouncedLength) {
  auto full = v2_header(1, 0x11, std::string(12, '\x01'));
  EXPECT_EQ(parse_proxy_header(full.substr(0, 10)).status, ProxyParseStatus::kNeedMore);
  EXPECT_EQ(parse_proxy_header(full.substr(0, 20)).status, ProxyParseStatus::kNeedMore);
}

TEST(ProxyProtocol, RejectsBadV2) {
  EXPECT_EQ(parse_proxy_header(v2_header(1, 0x11, std::string(4, '\x01'))).status,
            ProxyParseStatus::kInvalid);  // too short for IPv4 addresses
  EXPECT_EQ(parse_proxy_header(v2_header(2, 0x11, std::string(12, '\x01'))).status,
            ProxyParseStatus::kInvalid);  // unknown command
  EXPECT_EQ(parse_proxy_header(v2_header(1, 0x12, std::string(12, '\x01'))).status,
            ProxyParseStatus::kInvalid);  // UDP
  EXPECT_EQ(parse_proxy_header(std::string("\r\n\r\nX", 5)).status, ProxyParseStatus::kInvalid);
}

}  // namespace
}  // namespace meerkat::net
