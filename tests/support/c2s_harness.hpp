// SPDX-License-Identifier: Apache-2.0
// Drives a real C2sStream over a socket pair on one shard, without network or threads: the
// test writes client bytes, runs the shard, and reads what the server wrote.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <chrono>
#include <string>

#include "acl/access_rules.hpp"
#include "app/module_list.hpp"
#include "auth/authenticator.hpp"
#include "config/config.hpp"
#include "hooks/server_hooks.hpp"
#include "net/connection_registry.hpp"
#include "net/listener.hpp"
#include "net/shard_pool.hpp"
#include "router/router.hpp"
#include "storage/memory/memory_stores.hpp"
#include "storage/run_blocking.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::testing {

// The server side a stream needs (storage in memory, auth, router, modules), built from a
// configuration. One per test; several harness streams may share it.
class ServerFixture {
 public:
  explicit ServerFixture(config::Config config = default_config())
      : config_(std::move(config)),
        stores_(storage::memory::make_memory_stores()),
        access_(config_.acl, config_.access, config_.general.hosts),
        authenticator_(config_.auth, stores_.accounts.get(), access_),
        domains_(config_.general.hosts, config_.general.host_types),
        router_(domains_, sessions_, hooks_, tasks_, &authenticator_),
        context_{config_, hooks_, router_, stores_, authenticator_, tasks_},
        modules_(app::start_modules(context_)) {}

  static config::Config default_config() {
    config::Config config;
    config.general.hosts = {"localhost"};
    config.modules.mod_roster.emplace();
    return config;
  }

  void add_user(const std::string& user, const std::string& password) {
    auto created = storage::run_blocking(authenticator_.create_account(user, "localhost", password));
    MEERKAT_CHECK(created && *created);
  }
  void wire(stream::c2s::C2sSettings& settings) {
    settings.authenticator = &authenticator_;
    settings.router = &router_;
    if (settings.hosts.empty()) settings.hosts = config_.general.hosts;
  }
  router::SessionManager& sessions() { return sessions_; }
  storage::Stores& stores() { return stores_; }

 private:
  config::Config config_;
  storage::Stores stores_;
  acl::AccessRules access_;
  auth::Authenticator authenticator_;
  hooks::ServerHooks hooks_;
  router::SessionManager sessions_;
  net::TaskGroup tasks_;
  router::DomainRegistry domains_;
  router::Router router_;
  modules::ModuleContext context_;
  std::vector<std::unique_ptr<modules::Module>> modules_;
};

class C2sHarness {
 public:
  explicit C2sHarness(stream::c2s::C2sSettings settings, std::string initial_bytes = {},
                      ServerFixture* fixture = nullptr)
      : settings_(std::move(settings)), client_(shard()) {
    settings_.registry = &registry_;
    if (!fixture) {
      own_server_ = std::make_unique<ServerFixture>();
      fixture = own_server_.get();
    }
    fixture->wire(settings_);
    boost::asio::local::stream_protocol::socket server(shard());
    boost::asio::local::connect_pair(client_, server);
    client_.non_blocking(true);
    net::GenericSocket generic(shard(), boost::asio::generic::stream_protocol(AF_UNIX, 0),
                               server.release());
    net::AcceptedConnection accepted{
        std::move(generic), {}, std::move(initial_bytes), net::ConnectionSlot(stats_)};
    stats_->live = 1;
    boost::asio::co_spawn(shard(), stream::c2s::serve_c2s(settings_, std::move(accepted)),
                          [this](std::exception_ptr) { finished_ = true; });
  }

  ~C2sHarness() {
    // Destroy the shard, and with it an unfinished stream's coroutine frame, while the
    // registry and settings that the frame refers to still exist.
    client_.close();
    pool_.reset();
  }
  C2sHarness(const C2sHarness&) = delete;
  C2sHarness& operator=(const C2sHarness&) = delete;

  boost::asio::io_context& shard() { return pool_->shard(0); }

  void send(const std::string& bytes) { boost::asio::write(client_, boost::asio::buffer(bytes)); }

  // Runs the shard until the server has written something containing `needle`, or closed,
  // or `timeout` passed. Returns everything received so far.
  std::string receive_until(const std::string& needle,
                            std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received_.find(needle) == std::string::npos && !closed_ &&
           std::chrono::steady_clock::now() < deadline) {
      shard().run_for(std::chrono::milliseconds(5));
      drain();
    }
    return received_;
  }

  // Runs the shard without reading what the server writes (a client that stopped reading).
  void run_for(std::chrono::milliseconds duration) { shard().run_for(duration); }

  // Runs the shard until the server closes the connection.
  std::string receive_all(std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
    return receive_until("\x01never\x01", timeout);
  }

  // The client goes away without closing its stream; runs the shard until the server notices.
  void vanish(std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
    client_.close();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!finished_ && std::chrono::steady_clock::now() < deadline) {
      shard().run_for(std::chrono::milliseconds(5));
    }
  }

  bool is_closed() const { return closed_; }
  bool has_finished() const { return finished_; }
  net::ConnectionRegistry& registry() { return registry_; }

 private:
  void drain() {
    char buffer[4096];
    for (;;) {
      boost::system::error_code ec;
      auto n = client_.read_some(boost::asio::buffer(buffer), ec);
      if (ec == boost::asio::error::would_block) return;
      if (ec) {
        closed_ = true;
        return;
      }
      received_.append(buffer, n);
    }
  }

  std::unique_ptr<ServerFixture> own_server_;  // destroyed after the shard (declared first)
  std::unique_ptr<net::ShardPool> pool_ = std::make_unique<net::ShardPool>(1);
  net::ConnectionRegistry registry_{*pool_};
  std::shared_ptr<net::ListenerStats> stats_ = std::make_shared<net::ListenerStats>();
  stream::c2s::C2sSettings settings_;
  boost::asio::local::stream_protocol::socket client_;
  std::string received_;
  bool closed_ = false;
  bool finished_ = false;
};

inline constexpr const char* kClientHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

}  // namespace meerkat::testing
