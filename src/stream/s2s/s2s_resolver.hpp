// SPDX-License-Identifier: Apache-2.0
// Where a remote XMPP domain is reached (RFC 6120 §3.2, XEP-0368): the configured
// `s2s.outgoing.address`, else the DNS SRV records _xmpps-server._tcp (direct TLS) and
// _xmpp-server._tcp, else the domain itself on `s2s.outgoing.port`. DNS runs on the
// resolver's own thread, so no shard ever waits for a name server.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/s2s_options.hpp"
#include "net/transport.hpp"

namespace meerkat::stream::s2s {

struct Target {
  std::string host;  // a name or an IP address
  std::uint16_t port = 5269;
  bool direct_tls = false;  // from _xmpps-server: TLS from the first byte

  bool operator==(const Target&) const = default;
};

// One SRV record, as parsed from an answer.
struct SrvRecord {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target;
};

// RFC 2782 order: lower priority first; within a priority, heavier weight first (a stable
// choice rather than a random one: outgoing streams are few and long-lived). Direct-TLS
// records go before STARTTLS ones of the same priority (XEP-0368 §3). A single "." target
// means the service is decidedly not available: no targets at all.
std::vector<Target> order_srv(std::vector<SrvRecord> tls, std::vector<SrvRecord> plain);

class Resolver {
 public:
  explicit Resolver(const config::S2sOutgoingOptions& options);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Where to try, best first. `direct_tls_allowed`: whether _xmpps-server records are usable
  // (outgoing TLS is configured).
  boost::asio::awaitable<std::vector<Target>> targets(std::string domain, bool direct_tls_allowed);

  struct Connected {
    net::GenericSocket socket;
    Target target;
    std::string address;  // "ip:port", for logs
  };
  // Connects to the first target that answers, each address within connection_timeout, the
  // address families in ip_versions order. nullopt: none answered.
  boost::asio::awaitable<std::optional<Connected>> connect(const std::vector<Target>& targets);

 private:
  const config::S2sOutgoingOptions& options_;
  boost::asio::thread_pool dns_{1};
};

}  // namespace meerkat::stream::s2s
