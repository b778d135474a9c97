// SPDX-License-Identifier: Apache-2.0
// A scenario is two halves: the worker coroutine that drives its share of the sessions, and the
// parent function that steps the workers through the phases, measures the server and returns
// the result rows.
#pragma once

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../element_splitter.hpp"
#include "../options.hpp"
#include "../process_stats.hpp"
#include "../worker_context.hpp"
#include "../worker_pool.hpp"

namespace meerkat::bench {

// Ordered (name, value) rows: printed as a table and as the final JSON line.
using Report = std::vector<std::pair<std::string, boost::json::value>>;

struct Scenario {
  std::string_view name;
  boost::asio::awaitable<void> (*worker)(WorkerContext&);
  Report (*parent)(const Options&, WorkerPool&);
};

extern const Scenario kIdleScenario;
extern const Scenario kChatScenario;
extern const Scenario kRosterStormScenario;

// Helpers shared by the scenarios.
double sum_of(const std::vector<boost::json::object>& reports, std::string_view field);
double min_of(const std::vector<boost::json::object>& reports, std::string_view field);
double max_of(const std::vector<boost::json::object>& reports, std::string_view field);
// The first non-empty "error" of the reports.
std::string first_error(const std::vector<boost::json::object>& reports);
// A worker's report of a failure ({"error": …} alone) ends the run.
void check_reports(const std::vector<boost::json::object>& reports);
void sleep_seconds(double seconds);
// Login phase rows (sessions, failed, rate) from the workers' login_all reports.
void add_login_rows(Report& report, const std::vector<boost::json::object>& logins);
// An attribute of an element's start tag, unescaped only as far as the scenarios need (JIDs
// and types never contain entities in practice).
std::string_view start_tag_attribute(std::string_view element, std::string_view name);
double round_to(double value, int digits);
// server_cpu_s_per_<unit> and its user-space part, server_user_cpu_s_per_<unit>, over `ops`.
void add_server_cpu_rows(Report& report, const std::optional<CpuTimes>& before,
                         const std::optional<CpuTimes>& after, double ops, double unit,
                         std::string_view unit_name);

}  // namespace meerkat::bench
