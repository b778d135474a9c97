// SPDX-License-Identifier: Apache-2.0
#include "stream/s2s/s2s_resolver.hpp"

#include <arpa/nameser.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <resolv.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/with_timeout.hpp"

namespace meerkat::stream::s2s {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// One SRV query with the C library's resolver (blocking: runs on the DNS thread only).
std::vector<SrvRecord> query_srv(const std::string& name, const config::S2sDnsOptions& dns) {
  std::vector<SrvRecord> records;
  struct __res_state state {};
  if (res_ninit(&state) != 0) return records;
  state.retrans = static_cast<int>(dns.timeout.count());
  state.retry = dns.retries;
  std::vector<unsigned char> answer(NS_MAXMSG);
  int length = res_nquery(&state, name.c_str(), ns_c_in, ns_t_srv, answer.data(),
                          static_cast<int>(answer.size()));
  ns_msg message;
  if (length > 0 && ns_initparse(answer.data(), length, &message) == 0) {
    for (int i = 0; i < ns_msg_count(message, ns_s_an); ++i) {
      ns_rr record;
      if (ns_parserr(&message, ns_s_an, i, &record) != 0 || ns_rr_type(record) != ns_t_srv ||
          ns_rr_rdlen(record) < 7) {
        continue;
      }
      const unsigned char* data = ns_rr_rdata(record);
      char target[NS_MAXDNAME];
      if (dn_expand(ns_msg_base(message), ns_msg_end(message), data + 6, target, sizeof target) <
          0) {
        continue;
      }
      auto field = [&](int offset) { return static_cast<std::uint16_t>(ns_get16(data + offset)); };
      records.push_back({field(0), field(2), field(4), target});
    }
  }
  res_nclose(&state);
  return records;
}

struct SrvAnswers {
  std::vector<SrvRecord> tls;
  std::vector<SrvRecord> plain;
};

asio::awaitable<SrvAnswers> lookup(std::string domain, bool direct_tls, config::S2sDnsOptions dns) {
  SrvAnswers answers;
  if (direct_tls) answers.tls = query_srv("_xmpps-server._tcp." + domain, dns);
  answers.plain = query_srv("_xmpp-server._tcp." + domain, dns);
  co_return answers;
}

// `domain` is `zone` or a name below it.
bool is_under(std::string_view domain, std::string_view zone) {
  if (domain == zone) return true;
  return domain.size() > zone.size() && domain.ends_with(zone) &&
         domain[domain.size() - zone.size() - 1] == '.';
}

bool decidedly_unavailable(const std::vector<SrvRecord>& records) {
  return records.size() == 1 && (records[0].target.empty() || records[0].target == ".");
}

std::vector<tcp::endpoint> in_family_order(const tcp::resolver::results_type& results,
                                           const std::vector<int>& ip_versions) {
  std::vector<tcp::endpoint> ordered;
  for (int version : ip_versions) {
    for (const auto& entry : results) {
      auto address = entry.endpoint().address();
      if ((version == 4 && address.is_v4()) || (version == 6 && address.is_v6())) {
        ordered.push_back(entry.endpoint());
      }
    }
  }
  return ordered;
}

asio::awaitable<bool> connect_one(tcp::socket& socket, tcp::endpoint endpoint) {
  auto [ec] = co_await socket.async_connect(endpoint, kNoThrow);
  co_return !ec;
}

}  // namespace

std::vector<Target> order_srv(std::vector<SrvRecord> tls, std::vector<SrvRecord> plain) {
  if (decidedly_unavailable(tls)) tls.clear();
  if (decidedly_unavailable(plain)) {
    if (tls.empty()) return {};
    plain.clear();
  }
  struct Ranked {
    SrvRecord record;
    bool direct_tls;
  };
  std::vector<Ranked> all;
  for (auto& record : tls) all.push_back({std::move(record), true});
  for (auto& record : plain) all.push_back({std::move(record), false});
  std::stable_sort(all.begin(), all.end(), [](const Ranked& a, const Ranked& b) {
    if (a.record.priority != b.record.priority) return a.record.priority < b.record.priority;
    if (a.direct_tls != b.direct_tls) return a.direct_tls;
    return a.record.weight > b.record.weight;
  });
  std::vector<Target> targets;
  for (auto& ranked : all) {
    if (ranked.record.target.empty() || ranked.record.target == ".") continue;
    Target target{std::move(ranked.record.target), ranked.record.port, ranked.direct_tls};
    if (std::find(targets.begin(), targets.end(), target) == targets.end()) {
      targets.push_back(std::move(target));
    }
  }
  return targets;
}

Resolver::Resolver(const config::S2sOutgoingOptions& options) : options_(options) {}

Resolver::~Resolver() {
  dns_.stop();
  dns_.join();
}

asio::awaitable<std::vector<Target>> Resolver::targets(std::string domain,
                                                       bool direct_tls_allowed) {
  for (const auto& address : options_.address) {
    if (address.host == domain) {
      co_return std::vector<Target>{
          {address.ip_address, address.port.value_or(options_.port), false}};
    }
  }
  // RFC 6761 §6.3 and §6.4: names under "localhost" are this machine and names under
  // "invalid" exist nowhere; neither is a question for DNS.
  if (is_under(domain, "invalid")) co_return std::vector<Target>{};
  if (is_under(domain, "localhost")) {
    co_return std::vector<Target>{{"127.0.0.1", options_.port, false}};
  }
  auto answers = co_await asio::co_spawn(dns_, lookup(domain, direct_tls_allowed, options_.dns),
                                         asio::use_awaitable);
  bool any_answer = !answers.tls.empty() || !answers.plain.empty();
  if (!any_answer) co_return std::vector<Target>{{domain, options_.port, false}};
  co_return order_srv(std::move(answers.tls), std::move(answers.plain));
}

asio::awaitable<std::optional<Resolver::Connected>> Resolver::connect(
    const std::vector<Target>& targets) {
  auto executor = co_await asio::this_coro::executor;
  for (const auto& target : targets) {
    // getaddrinfo runs on Asio's internal resolver thread, not on the shard.
    tcp::resolver resolver(executor);
    auto [ec, results] = co_await resolver.async_resolve(target.host, std::to_string(target.port),
                                                         tcp::resolver::numeric_service, kNoThrow);
    if (ec) continue;
    for (const auto& endpoint : in_family_order(results, options_.ip_versions)) {
      tcp::socket socket(executor);
      bool connected = false;
      if (options_.connection_timeout) {  // unset: "infinity"
        auto in_time =
            co_await net::with_timeout(connect_one(socket, endpoint), *options_.connection_timeout);
        connected = in_time && *in_time;
      } else {
        connected = co_await connect_one(socket, endpoint);
      }
      if (!connected) continue;
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto protocol = endpoint.protocol();
      net::GenericSocket generic(
          executor, asio::generic::stream_protocol(protocol.family(), protocol.protocol()),
          socket.release());
      std::string address = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
      co_return Connected{std::move(generic), target, std::move(address)};
    }
  }
  co_return std::nullopt;
}

}  // namespace meerkat::stream::s2s
