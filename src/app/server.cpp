// SPDX-License-Identifier: Apache-2.0
#include "app/server.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <filesystem>
#include <vector>

#include "acl/access_rules.hpp"
#include "api/api_services.hpp"
#include "api/dynamic_domains.hpp"
#include "api/graphql/api_schemas.hpp"
#include "api/metrics/process_metrics.hpp"
#include "app/fd_limit.hpp"
#include "app/listener_kinds.hpp"
#include "app/module_list.hpp"
#include "auth/authenticator.hpp"
#include "hooks/server_hooks.hpp"
#include "net/connection_registry.hpp"
#include "net/listener.hpp"
#include "net/shard_pool.hpp"
#include "net/spawn.hpp"
#include "observability/log.hpp"
#include "router/router.hpp"
#include "router/session_manager.hpp"
#include "storage/run_blocking.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::app {

namespace asio = boost::asio;

namespace {

// How long streams get to close after <system-shutdown/> before the shards are stopped.
constexpr auto kShutdownGrace = std::chrono::seconds(5);

const auto& log() {
  static const auto logger = observability::logger("server");
  return logger;
}

spdlog::level::level_enum spdlog_level(config::LogLevel level) {
  using L = config::LogLevel;
  using spdlog::level::level_enum;
  switch (level) {
    case L::kNone: return level_enum::off;
    case L::kEmergency:
    case L::kAlert:
    case L::kCritical: return level_enum::critical;
    case L::kError: return level_enum::err;
    case L::kWarning: return level_enum::warn;
    case L::kNotice:
    case L::kInfo: return level_enum::info;
    case L::kDebug: return level_enum::debug;
    case L::kAll: return level_enum::trace;
  }
  return level_enum::info;
}

}  // namespace

std::string sqlite_path(const std::string& data_dir) { return data_dir + "/meerkat.sqlite3"; }

// The server's controls as the admin API sees them (server.status, setLoglevel, stop).
class Controls final : public api::ServerControl {
 public:
  Controls(config::LogLevel level, std::function<void()> stop)
      : level_(level), stop_(std::move(stop)) {}
  std::chrono::seconds uptime() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                            started_);
  }
  std::string version() const override { return "0.1.0"; }
  config::LogLevel log_level() const override { return level_.load(); }
  void set_log_level(config::LogLevel level) override {
    level_ = level;
    observability::set_level(spdlog_level(level));
  }
  void stop() override { stop_(); }

 private:
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::atomic<config::LogLevel> level_;
  std::function<void()> stop_;
};

struct Server::State {
  State(config::Config c, ServerPaths p) : config(std::move(c)), paths(std::move(p)) {}

  config::Config config;
  ServerPaths paths;
  std::unique_ptr<net::ShardPool> shards = std::make_unique<net::ShardPool>(0);
  net::TaskGroup tasks;
  net::ConnectionRegistry registry{*shards};
  storage::Stores stores;
  std::unique_ptr<router::DomainRegistry> domains;
  std::vector<std::string> unfinished_removals;  // dynamic domains left "deleting" at the stop
  std::unique_ptr<acl::AccessRules> access;
  std::unique_ptr<auth::Authenticator> authenticator;
  hooks::ServerHooks hooks;
  router::SessionManager sessions;
  std::unique_ptr<router::Router> router;
  std::unique_ptr<stream::s2s::Federation> federation;  // outgoing s2s, for the router
  stream::c2s::ResumptionTable resumption;  // XEP-0198, shared by every client listener
  std::unique_ptr<modules::ModuleContext> module_context;  // modules keep a reference
  std::vector<std::unique_ptr<modules::Module>> modules;
  std::unique_ptr<Controls> controls;
  std::unique_ptr<api::ApiServices> api_services;
  std::unique_ptr<api::graphql::GraphqlApi> api;
  std::vector<std::shared_ptr<void>> process_metrics;  // sessions, memory, CPU, uptime
  ListenerSet listeners;

  ~State() {
    // Acceptors first, while their shards exist; then the shards, whose leftover coroutine
    // frames still refer to the registry, the router and the listener settings below them.
    listeners.clear();
    shards.reset();
  }

  void open_services();
  void load_domains();

  asio::awaitable<void> await_stop_signal();
  asio::signal_set* stop_signals = nullptr;  // while await_stop_signal waits
  bool stopping = false;
  asio::awaitable<void> shut_down();
};

Server::Server(config::Config config, ServerPaths paths)
    : state_(std::make_unique<State>(std::move(config), std::move(paths))) {}

Server::~Server() = default;

namespace {

void check_fd_limit(const config::ListenOptions& listen) {
  auto limits = raise_fd_limit();
  auto needed = descriptors_needed(listen);
  if (auto warning = fd_limit_warning(limits, needed)) {
    log()->warn("{}", *warning);
  } else if (!needed) {
    log()->info(
        "fd_limit limit={}: a listener has no max_connections, so this limit caps "
        "connections",
        limits.soft);
  }
}

}  // namespace

void Server::run() {
  auto& s = *state_;
  // TLS writes go through OpenSSL on the raw socket, which cannot ask for MSG_NOSIGNAL: a peer
  // that vanished must be a write error, not SIGPIPE for the whole server.
  std::signal(SIGPIPE, SIG_IGN);
  observability::set_level(spdlog_level(s.config.general.loglevel));
  check_modules_implemented(s.config);
  for (const auto& option : s.config.not_applied) {
    log()->warn("config_option_not_applied {}", option.to_string());
  }
  check_fd_limit(s.config.listen);
  std::filesystem::create_directories(s.paths.data_dir);
  s.open_services();
  ListenerEnvironment environment{
      s.config,         s.paths.data_dir, *s.shards,    s.tasks,       s.registry,
      *s.authenticator, *s.router,        s.resumption, *s.federation, *s.api};
  s.listeners = make_listeners(environment);
  for (auto& listener : s.listeners.all()) listener->start();
  net::spawn_owned(s.tasks, s.shards->shard(0).get_executor(), s.await_stop_signal(), "signals");
  for (const auto& domain : s.unfinished_removals) {
    net::spawn_owned(s.tasks, s.shards->shard(0).get_executor(),
                     api::finish_removal(*s.api_services, domain), "domain_removal");
  }
  log()->info("server_started hosts={} shards={} listeners={}",
              fmt::join(s.config.general.hosts, ","), s.shards->size(), s.listeners.all().size());
  s.shards->run();
  log()->info("server_stopped");
}

// Storage, auth, the router and the modules: everything streams use, before any listener.
void Server::State::open_services() {
  auto database = sqlite_path(paths.data_dir);
  auto opened = storage::sqlite::open_sqlite_stores(database);
  if (!opened) {
    throw StartupError("cannot open the database \"" + database + "\": " + opened.error().text);
  }
  stores = std::move(*opened);
  log()->info("storage_opened backend=sqlite file={}", database);
  load_domains();
  access = std::make_unique<acl::AccessRules>(config.acl, config.access, config.general.hosts);
  access->set_hosted([this](std::string_view domain) { return domains->serves(domain); });
  authenticator =
      std::make_unique<auth::Authenticator>(config.auth, stores.accounts.get(), *access);
  router = std::make_unique<router::Router>(*domains, sessions, hooks, tasks, authenticator.get());
  federation = std::make_unique<stream::s2s::Federation>(
      federation_settings(config, *router, *authenticator, registry, tasks, *shards));
  router->set_remote(federation.get());
  module_context = std::make_unique<modules::ModuleContext>(modules::ModuleContext{
      config, hooks, *router, stores, *authenticator, tasks, paths.data_dir});
  modules = start_modules(*module_context);
  controls = std::make_unique<Controls>(config.general.loglevel, [this] {
    asio::post(shards->shard(0), [this] {
      net::spawn_owned(tasks, shards->shard(0).get_executor(), shut_down(), "api_stop");
    });
  });
  api_services = std::make_unique<api::ApiServices>(
      api::ApiServices{config, *router, stores, *authenticator, *controls, paths.data_dir, tasks});
  api = std::make_unique<api::graphql::GraphqlApi>(*api_services);
  process_metrics = api::metrics::register_process_metrics(sessions);
}

// The served domains: general.hosts, and the dynamic domains the database keeps. Runs before
// the shards do, so it may wait for the storage thread.
void Server::State::load_domains() {
  domains =
      std::make_unique<router::DomainRegistry>(config.general.hosts, config.general.host_types);
  if (!stores.domains) return;
  auto loaded = storage::run_blocking(api::load_dynamic_domains(*stores.domains, *domains));
  if (!loaded) throw StartupError("cannot read the dynamic domains: " + loaded.error().text);
  unfinished_removals = std::move(*loaded);
  log()->info("domains_loaded static={} dynamic={}", config.general.hosts.size(),
              domains->all().size() - config.general.hosts.size());
}

asio::awaitable<void> Server::State::await_stop_signal() {
  asio::signal_set signals(shards->shard(0), SIGINT, SIGTERM, SIGHUP);
  stop_signals = &signals;
  for (;;) {
    auto [error, signal] = co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
    if (error) {  // cancelled: the admin API is stopping the server
      stop_signals = nullptr;
      co_return;
    }
    if (signal != SIGHUP) break;
    // Logs go to stderr, which the service manager owns: there is no file to reopen.
    log()->info("sighup_received action=none");
  }
  stop_signals = nullptr;
  co_await shut_down();
}

// Runs on shard 0, from a stop signal or the admin API's server.stop, once.
asio::awaitable<void> Server::State::shut_down() {
  if (stopping) co_return;
  stopping = true;
  if (stop_signals) stop_signals->cancel();
  log()->info("server_stopping open_tasks={}", tasks.live());
  for (auto& listener : listeners.all()) listener->stop();
  registry.stop_all();
  shards->release_work();
  // Wait for the streams to say goodbye; this task itself is one of the live tasks.
  asio::steady_timer poll(shards->shard(0));
  auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
  while (tasks.live() > 1 && std::chrono::steady_clock::now() < deadline) {
    poll.expires_after(std::chrono::milliseconds(20));
    co_await poll.async_wait(asio::use_awaitable);
  }
  if (tasks.live() > 1) log()->warn("shutdown_grace_expired open_tasks={}", tasks.live() - 1);
  shards->stop();
}

}  // namespace meerkat::app
