// SPDX-License-Identifier: Apache-2.0
// PROXY protocol v1 (text) and v2 (binary) headers, as sent by haproxy and other load
// balancers before any application data (haproxy's proxy-protocol.txt specification).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <optional>
#include <string_view>

namespace meerkat::net {

struct ProxyHeader {
  std::size_t length = 0;  // bytes of input the header took
  // The original client and the address it connected to. Unset for v1 "UNKNOWN" and v2
  // "LOCAL" (a proxy's own health check): the socket's own addresses then stand.
  std::optional<boost::asio::ip::tcp::endpoint> source;
  std::optional<boost::asio::ip::tcp::endpoint> destination;
};

enum class ProxyParseStatus { kComplete, kNeedMore, kInvalid };

struct ProxyParseResult {
  ProxyParseStatus status = ProxyParseStatus::kNeedMore;
  ProxyHeader header;  // meaningful when kComplete
};

// Parses the start of a connection's input. Never reads past the header: bytes after
// `header.length` belong to the application protocol.
ProxyParseResult parse_proxy_header(std::string_view input);

// v1 lines are at most 107 bytes; v2 headers at most 16 + 65535.
inline constexpr std::size_t kMaxProxyHeaderSize = 16 + 65535;

}  // namespace meerkat::net
