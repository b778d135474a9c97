// SPDX-License-Identifier: Apache-2.0
#include "scenario.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

namespace meerkat::bench {

namespace {

double number(const boost::json::object& report, std::string_view field) {
  const auto* value = report.if_contains(field);
  return value ? value->to_number<double>() : 0.0;
}

}  // namespace

double sum_of(const std::vector<boost::json::object>& reports, std::string_view field) {
  double sum = 0;
  for (const auto& report : reports) sum += number(report, field);
  return sum;
}

double min_of(const std::vector<boost::json::object>& reports, std::string_view field) {
  double min = std::numeric_limits<double>::infinity();
  for (const auto& report : reports) min = std::min(min, number(report, field));
  return min;
}

double max_of(const std::vector<boost::json::object>& reports, std::string_view field) {
  double max = 0;
  for (const auto& report : reports) max = std::max(max, number(report, field));
  return max;
}

std::string first_error(const std::vector<boost::json::object>& reports) {
  for (const auto& report : reports) {
    const auto* error = report.if_contains("error");
    if (error && error->is_string() && !error->as_string().empty()) {
      return std::string(error->as_string());
    }
  }
  return {};
}

void check_reports(const std::vector<boost::json::object>& reports) {
  for (const auto& report : reports) {
    if (report.size() == 1 && report.contains("error")) {
      throw std::runtime_error(boost::json::value_to<std::string>(report.at("error")));
    }
  }
}

void sleep_seconds(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

void add_login_rows(Report& report, const std::vector<boost::json::object>& logins) {
  auto ok = sum_of(logins, "ok");
  auto seconds = max_of(logins, "last_end") - min_of(logins, "first_start");
  report.emplace_back("sessions", static_cast<long>(ok));
  report.emplace_back("failed_logins", static_cast<long>(sum_of(logins, "failed")));
  report.emplace_back("login_seconds", round_to(seconds, 3));
  report.emplace_back("logins_per_s", round_to(seconds > 0 ? ok / seconds : 0, 1));
  auto error = first_error(logins);
  if (!error.empty()) report.emplace_back("first_error", error);
}

std::string_view start_tag_attribute(std::string_view element, std::string_view name) {
  auto tag_end = element.find('>');
  auto tag = element.substr(0, tag_end);
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    auto eq = at + name.size();
    if (at == 0 || tag[at - 1] != ' ' || eq + 1 >= tag.size() || tag[eq] != '=') continue;
    char quote = tag[eq + 1];
    auto end = tag.find(quote, eq + 2);
    if (end == std::string_view::npos) return {};
    return tag.substr(eq + 2, end - eq - 2);
  }
  return {};
}

double round_to(double value, int digits) {
  auto scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

}  // namespace meerkat::bench

namespace meerkat::bench {

void add_server_cpu_rows(Report& report, const std::optional<CpuTimes>& before,
                         const std::optional<CpuTimes>& after, double ops, double unit,
                         std::string_view unit_name) {
  if (!before || !after || ops <= 0) return;
  auto per = [&](double seconds) { return round_to(seconds / ops * unit, 4); };
  report.emplace_back("server_cpu_s_per_" + std::string(unit_name),
                      per(after->total() - before->total()));
  report.emplace_back("server_user_cpu_s_per_" + std::string(unit_name),
                      per(after->user - before->user));
}

}  // namespace meerkat::bench
