// SPDX-License-Identifier: Apache-2.0
#include "net/listener.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstring>

#include "net/proxy_protocol.hpp"
#include "net/shard_pool.hpp"
#include "net/spawn.hpp"
#include "net/with_timeout.hpp"
#include "observability/log.hpp"
#include "observability/metrics.hpp"

namespace meerkat::net {

namespace asio = boost::asio;
using asio::generic::stream_protocol;
using asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// A proxy sends its header at once; a peer that does not is not a proxy.
constexpr auto kProxyHeaderTimeout = std::chrono::seconds(5);
// After an accept error such as EMFILE, wait before retrying instead of spinning.
constexpr auto kAcceptErrorBackoff = std::chrono::milliseconds(100);

const auto& log() {
  static const auto logger = observability::logger("listener");
  return logger;
}

std::optional<tcp::endpoint> to_tcp(const stream_protocol::endpoint& endpoint) {
  auto family = endpoint.data()->sa_family;
  if (family != AF_INET && family != AF_INET6) return std::nullopt;
  tcp::endpoint result;
  std::memcpy(result.data(), endpoint.data(), endpoint.size());
  result.resize(endpoint.size());
  return result;
}

PeerAddress addresses_of(const GenericSocket& socket) {
  boost::system::error_code ec;
  PeerAddress peer;
  if (auto remote = socket.remote_endpoint(ec); !ec) peer.remote = to_tcp(remote);
  if (auto local = socket.local_endpoint(ec); !ec) peer.local = to_tcp(local);
  return peer;
}

tcp::endpoint tcp_endpoint_of(const config::ListenerCommon& options) {
  std::string address = options.ip_address;
  if (address.empty()) address = options.ip_version == 6 ? "::" : "0.0.0.0";
  return {asio::ip::make_address(address), options.port};
}

// Reads until a complete PROXY header has arrived; what follows it goes to `rest`.
asio::awaitable<std::optional<ProxyHeader>> read_proxy_header(GenericSocket& socket,
                                                              std::string& rest) {
  std::string input;
  std::array<char, 512> chunk{};
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(chunk), kNoThrow);
    if (ec) co_return std::nullopt;
    input.append(chunk.data(), n);
    auto parsed = parse_proxy_header(input);
    if (parsed.status == ProxyParseStatus::kInvalid) co_return std::nullopt;
    if (parsed.status == ProxyParseStatus::kComplete) {
      rest = input.substr(parsed.header.length);
      co_return parsed.header;
    }
    if (input.size() > kMaxProxyHeaderSize) co_return std::nullopt;
  }
}

}  // namespace

Listener::Listener(std::string kind, config::ListenerCommon options, ShardPool& shards,
                   TaskGroup& tasks, ConnectionHandler handler)
    : kind_(std::move(kind)),
      options_(std::move(options)),
      shards_(shards),
      tasks_(tasks),
      handler_(std::move(handler)) {}

Listener::~Listener() = default;

std::string Listener::describe() const {
  if (options_.unix_path) return kind_ + " unix:" + *options_.unix_path;
  auto endpoint = tcp_endpoint_of(options_);
  return kind_ + " " + endpoint.address().to_string() + ":" +
         std::to_string(bound_port_ ? bound_port_ : options_.port);
}

std::unique_ptr<Listener::Acceptor> Listener::bind_on(asio::io_context& shard) const {
  auto acceptor = std::make_unique<Acceptor>(shard);
  boost::system::error_code ec;
  auto fail = [&](const char* step) {
    throw ListenerError(describe() + ": cannot " + step + ": " + ec.message());
  };
  if (options_.unix_path) {
    // A socket file left by an earlier run would make bind fail; only sockets are removed.
    struct stat info {};
    if (::lstat(options_.unix_path->c_str(), &info) == 0 && S_ISSOCK(info.st_mode)) {
      ::unlink(options_.unix_path->c_str());
    }
    stream_protocol::endpoint endpoint(asio::local::stream_protocol::endpoint(*options_.unix_path));
    if (acceptor->open(endpoint.protocol(), ec)) fail("open");
    if (acceptor->bind(endpoint, ec)) fail("bind");
  } else {
    auto endpoint = tcp_endpoint_of(options_);
    endpoint.port(bound_port_ ? bound_port_ : options_.port);
    stream_protocol::endpoint generic(endpoint);
    if (acceptor->open(generic.protocol(), ec)) fail("open");
    acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (options_.reuse_port) {
      using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
      if (acceptor->set_option(ReusePort(true), ec)) fail("set SO_REUSEPORT");
    }
    if (acceptor->bind(generic, ec)) fail("bind");
  }
  if (acceptor->listen(options_.backlog, ec)) fail("listen");
  return acceptor;
}

void Listener::start() {
  // With reuse_port, every shard gets its own socket and the kernel spreads connections;
  // otherwise one socket hands connections to the shards in turn.
  std::size_t sockets = options_.reuse_port ? shards_.size() : 1;
  for (std::size_t i = 0; i < sockets; ++i) {
    acceptors_.push_back(bind_on(shards_.shard(i)));
    if (!options_.unix_path && bound_port_ == 0) {
      bound_port_ = to_tcp(acceptors_.back()->local_endpoint())->port();
    }
  }
  auto loops_per_socket = std::max<std::size_t>(
      1, (static_cast<std::size_t>(options_.num_acceptors) + sockets - 1) / sockets);
  for (auto& acceptor : acceptors_) {
    for (std::size_t i = 0; i < loops_per_socket; ++i) {
      spawn_owned(tasks_, acceptor->get_executor(), accept_loop(*acceptor, options_.reuse_port),
                  "accept " + describe());
    }
  }
  register_metrics();
  log()->info(
      "listener_started listener=\"{}\" sockets={} acceptors={} backlog={} proxy_protocol={}",
      describe(), sockets, loops_per_socket * sockets, options_.backlog, options_.proxy_protocol);
}

void Listener::register_metrics() {
  using observability::MetricKind;
  auto& registry = observability::Registry::global();
  observability::Labels labels{{"listener", describe()}, {"type", kind_}};
  auto stats = stats_;
  metrics_.push_back(registry.reader("meerkat_listener_connections",
                                     "Connections open on a listener", MetricKind::kGauge, labels,
                                     [stats] { return static_cast<double>(stats->live.load()); }));
  metrics_.push_back(registry.reader(
      "meerkat_listener_accepted_total", "Connections a listener accepted", MetricKind::kCounter,
      labels, [stats] { return static_cast<double>(stats->accepted_total.load()); }));
  metrics_.push_back(registry.reader(
      "meerkat_listener_rejected_total",
      "Connections a listener refused because max_connections was reached", MetricKind::kCounter,
      labels, [stats] { return static_cast<double>(stats->rejected_total.load()); }));
}

void Listener::stop() {
  for (auto& acceptor : acceptors_) {
    asio::post(acceptor->get_executor(), [raw = acceptor.get()] {
      boost::system::error_code ignored;
      raw->close(ignored);
    });
  }
  if (options_.unix_path) ::unlink(options_.unix_path->c_str());
  log()->info("listener_stopped listener=\"{}\" accepted={} rejected={}", describe(),
              stats_->accepted_total.load(), stats_->rejected_total.load());
}

asio::awaitable<void> Listener::accept_loop(Acceptor& acceptor, bool own_shard_only) {
  auto& own_shard = static_cast<asio::io_context&>(acceptor.get_executor().context());
  for (;;) {
    auto& target = own_shard_only ? own_shard : shards_.next();
    auto [ec, socket] = co_await acceptor.async_accept(target, kNoThrow);
    if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      log()->warn("accept_failed listener=\"{}\" error=\"{}\"", describe(), ec.message());
      asio::steady_timer backoff(own_shard, kAcceptErrorBackoff);
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    // max_connections is a soft limit: a few accepts racing on other shards may pass it.
    if (options_.max_connections && stats_->live.load() >= *options_.max_connections) {
      stats_->rejected_total.fetch_add(1, std::memory_order_relaxed);
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    stats_->live.fetch_add(1, std::memory_order_relaxed);
    stats_->accepted_total.fetch_add(1, std::memory_order_relaxed);
    // Streams write what a read produced in one go (xml_connection's flush), so Nagle's
    // algorithm only holds back the second write of an exchange until the peer's delayed ACK
    // (about 40 ms on Linux): a stream header and its features, a message and the next one.
    // Unix sockets have no such option; the error is expected there.
    boost::system::error_code no_nagle;
    socket.set_option(asio::detail::socket_option::boolean<IPPROTO_TCP, TCP_NODELAY>(true),
                      no_nagle);
    auto executor = socket.get_executor();
    if (options_.proxy_protocol) {
      spawn_owned(tasks_, executor, serve(std::move(socket)), kind_ + " connection");
      continue;
    }
    // Nothing to read before the handler: start it directly, so that no frame of the listener
    // stays allocated under every connection for its whole life.
    GenericSocket connection(std::move(socket));
    PeerAddress peer = addresses_of(connection);
    AcceptedConnection accepted{std::move(connection), peer, {}, ConnectionSlot(stats_)};
    spawn_owned(tasks_, executor, handler_(std::move(accepted)), kind_ + " connection");
  }
}

// A connection that starts with a PROXY protocol header: the header first, then the handler.
asio::awaitable<void> Listener::serve(GenericSocket socket) {
  ConnectionSlot slot(stats_);
  PeerAddress peer = addresses_of(socket);
  std::string initial_bytes;
  if (options_.proxy_protocol) {
    auto header =
        co_await with_timeout(read_proxy_header(socket, initial_bytes), kProxyHeaderTimeout);
    if (!header || !*header) {
      // RFC-less but haproxy's rule: a connection without a valid header is dropped unread.
      stats_->proxy_failures_total.fetch_add(1, std::memory_order_relaxed);
      log()->warn("proxy_header_invalid listener=\"{}\" peer={}", describe(), peer.to_string());
      co_return;
    }
    if ((*header)->source) peer.remote = (*header)->source;
    if ((*header)->destination) peer.local = (*header)->destination;
  }
  // A named object, not a temporary inside the co_await expression: GCC 12 copies such
  // temporaries bitwise into the frame, which breaks strings in their small-buffer form.
  AcceptedConnection accepted{std::move(socket), peer, std::move(initial_bytes), std::move(slot)};
  co_await handler_(std::move(accepted));
}

}  // namespace meerkat::net
