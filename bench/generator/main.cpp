// SPDX-License-Identifier: Apache-2.0
// meerkat-bench: the load generator of bench/. Parses the command line, forks the workers the
// session count needs, runs the scenario's parent half, prints a table and one JSON line.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "options.hpp"
#include "process_stats.hpp"
#include "scenarios/scenario.hpp"

namespace {

using namespace meerkat::bench;

const Scenario& scenario_named(const std::string& name) {
  for (const auto* scenario : {&kIdleScenario, &kChatScenario, &kRosterStormScenario}) {
    if (scenario->name == name) return *scenario;
  }
  throw std::runtime_error("unknown scenario " + name);
}

// Every session is one descriptor; keep a margin for the process's own.
int workers_needed(const Options& options) {
  if (options.workers > 0) return options.workers;
  long per_worker = std::max(100L, raise_fd_limit() - 200);
  return static_cast<int>((options.sessions + per_worker - 1) / per_worker);
}

// Boost.JSON writes every double in exponent form (1.021E0); people read these.
std::string format(const boost::json::value& value) {
  if (!value.is_double()) return boost::json::serialize(value);
  std::ostringstream text;
  text << std::setprecision(10) << value.as_double();
  return text.str();
}

void print(const std::string& scenario, const Report& report) {
  std::cout << "| " << scenario << " | |\n|---|---|\n";
  std::string line = "{\"scenario\":" + boost::json::serialize(boost::json::value(scenario));
  for (const auto& [name, value] : report) {
    std::cout << "| " << name << " | " << format(value) << " |\n";
    line += "," + boost::json::serialize(boost::json::value(name)) + ":" + format(value);
  }
  std::cout << line << "}" << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse_options(argc, argv);
  try {
    const auto& scenario = scenario_named(options.scenario);
    int workers = workers_needed(options);
    WorkerPool pool(workers, [&](int worker, int command_fd, int report_fd) {
      return run_worker(options, worker, workers, command_fd, report_fd, scenario.worker);
    });
    auto report = scenario.parent(options, pool);
    report.insert(report.begin(), {"workers", workers});
    report.insert(report.begin() + 1,
                  {"transport", options.server.transport == Transport::kTcp        ? "tcp"
                                : options.server.transport == Transport::kStartTls ? "starttls"
                                                                                   : "ws"});
    if (!pool.join()) {
      std::cerr << "meerkat-bench: a worker failed\n";
      return 1;
    }
    print(options.scenario, report);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "meerkat-bench: " << error.what() << '\n';
    return 1;
  }
}
