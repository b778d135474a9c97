// SPDX-License-Identifier: Apache-2.0
#include "net/proxy_protocol.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

namespace meerkat::net {
namespace {

namespace ip = boost::asio::ip;

constexpr std::string_view kV1Prefix = "PROXY ";
constexpr std::size_t kV1MaxLine = 107;
constexpr std::array<unsigned char, 12> kV2Signature = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                                        0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

ProxyParseResult invalid() { return {ProxyParseStatus::kInvalid, {}}; }
ProxyParseResult need_more() { return {ProxyParseStatus::kNeedMore, {}}; }

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> words;
  while (!line.empty()) {
    auto space = line.find(' ');
    words.push_back(line.substr(0, space));
    if (space == std::string_view::npos) break;
    line.remove_prefix(space + 1);
  }
  return words;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) return std::nullopt;
  if (text.size() > 1 && text.front() == '0') return std::nullopt;  // the spec forbids leading 0s
  return static_cast<std::uint16_t>(value);
}

std::optional<ip::address> parse_address(std::string_view text, bool v6) {
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec || address.is_v6() != v6) return std::nullopt;
  return address;
}

// "PROXY TCP4 <src> <dst> <sport> <dport>\r\n" or "PROXY UNKNOWN ...\r\n".
ProxyParseResult parse_v1(std::string_view input) {
  auto end = input.find("\r\n");
  if (end == std::string_view::npos) {
    return input.size() >= kV1MaxLine ? invalid() : need_more();
  }
  if (end + 2 > kV1MaxLine) return invalid();
  auto words = split_spaces(input.substr(kV1Prefix.size(), end - kV1Prefix.size()));
  ProxyParseResult result{ProxyParseStatus::kComplete, {end + 2, {}, {}}};
  if (!words.empty() && words[0] == "UNKNOWN") return result;
  if (words.size() != 5 || (words[0] != "TCP4" && words[0] != "TCP6")) return invalid();
  bool v6 = words[0] == "TCP6";
  auto src = parse_address(words[1], v6);
  auto dst = parse_address(words[2], v6);
  auto sport = parse_port(words[3]);
  auto dport = parse_port(words[4]);
  if (!src || !dst || !sport || !dport) return invalid();
  result.header.source = ip::tcp::endpoint(*src, *sport);
  result.header.destination = ip::tcp::endpoint(*dst, *dport);
  return result;
}

std::uint16_t read_u16(const unsigned char* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

template <std::size_t N>
std::array<unsigned char, N> read_bytes(const unsigned char* p) {
  std::array<unsigned char, N> bytes{};
  std::memcpy(bytes.data(), p, N);
  return bytes;
}

ProxyParseResult parse_v2(std::string_view input) {
  if (input.size() < 16) return need_more();
  const auto* p = reinterpret_cast<const unsigned char*>(input.data());
  unsigned version = p[12] >> 4;
  unsigned command = p[12] & 0x0F;
  unsigned family = p[13];
  std::size_t length = 16 + read_u16(p + 14);
  if (version != 2 || command > 1) return invalid();
  if (input.size() < length) return need_more();
  ProxyParseResult result{ProxyParseStatus::kComplete, {length, {}, {}}};
  if (command == 0) return result;  // LOCAL: the proxy speaking for itself
  const unsigned char* addr = p + 16;
  if (family == 0x11) {  // TCP over IPv4
    if (length < 16 + 12) return invalid();
    ip::address_v4 src(read_bytes<4>(addr)), dst(read_bytes<4>(addr + 4));
    result.header.source = ip::tcp::endpoint(src, read_u16(addr + 8));
    result.header.destination = ip::tcp::endpoint(dst, read_u16(addr + 10));
  } else if (family == 0x21) {  // TCP over IPv6
    if (length < 16 + 36) return invalid();
    ip::address_v6 src(read_bytes<16>(addr)), dst(read_bytes<16>(addr + 16));
    result.header.source = ip::tcp::endpoint(src, read_u16(addr + 32));
    result.header.destination = ip::tcp::endpoint(dst, read_u16(addr + 34));
  } else if (family != 0x00 && family != 0x31 && family != 0x32) {
    return invalid();  // UDP and unknown families cannot carry an XMPP stream
  }
  return result;  // UNSPEC and unix sockets: keep the socket's own addresses
}

}  // namespace

// Checks that `input` agrees with `prefix` as far as both go.
static bool starts_like(std::string_view input, std::string_view prefix) {
  auto n = std::min(input.size(), prefix.size());
  return input.substr(0, n) == prefix.substr(0, n);
}

ProxyParseResult parse_proxy_header(std::string_view input) {
  if (input.empty()) return need_more();
  // The two versions differ in their first byte: 'P' for v1, '\r' for v2.
  if (input.front() == '\r') {
    std::string_view signature(reinterpret_cast<const char*>(kV2Signature.data()),
                               kV2Signature.size());
    if (!starts_like(input, signature)) return invalid();
    return parse_v2(input);
  }
  if (!starts_like(input, kV1Prefix)) return invalid();
  return input.size() < kV1Prefix.size() ? need_more() : parse_v1(input);
}

}  // namespace meerkat::net
