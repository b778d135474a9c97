// SPDX-License-Identifier: Apache-2.0
// idle: N sessions log in (paced), then stay connected doing nothing. Measures the login rate,
// the server's CPU per login and its resident memory per held session.
#include "../process_stats.hpp"
#include "scenario.hpp"

namespace meerkat::bench {

namespace {

// Held sessions receive next to nothing (their own presence); nothing needs an answer.
class IgnoreEverything : public ElementHandler {
 public:
  void on_element(Session&, std::string_view) override {}
};

boost::asio::awaitable<void> idle_worker(WorkerContext& context) {
  IgnoreEverything handler;
  co_await context.expect("login");
  context.parent.report(co_await context.login_all({}, handler));
  co_await context.expect("stop");
  co_await context.close_all();
  context.parent.report({{"cpu", own_cpu_seconds()}});
}

Report idle_parent(const Options& options, WorkerPool& pool) {
  auto pid = options.server_pid;
  auto rss_before = rss_kib(pid);
  auto cpu_before = cpu_seconds(pid);
  pool.broadcast("login");
  auto logins = pool.gather();
  check_reports(logins);
  auto cpu_after = cpu_seconds(pid);
  sleep_seconds(options.settle);
  auto rss_after = rss_kib(pid);
  Report report;
  add_login_rows(report, logins);
  auto sessions = sum_of(logins, "ok");
  add_server_cpu_rows(report, cpu_before, cpu_after, sessions, 1000, "1000_logins");
  if (rss_before && rss_after && sessions > 0) {
    report.emplace_back("server_rss_before_kib", *rss_before);
    report.emplace_back("server_rss_after_kib", *rss_after);
    report.emplace_back("server_rss_per_session_bytes",
                        std::lround((*rss_after - *rss_before) * 1024.0 / sessions));
  }
  report.emplace_back("generator_cpu_s", round_to(sum_of(logins, "cpu"), 3));
  sleep_seconds(options.hold);
  pool.broadcast("stop");
  pool.gather();
  return report;
}

}  // namespace

const Scenario kIdleScenario{"idle", idle_worker, idle_parent};

}  // namespace meerkat::bench
