// SPDX-License-Identifier: Apache-2.0
#include "api/metrics/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

#include "observability/metrics.hpp"

namespace meerkat::api::metrics {

namespace {

// Resident memory from /proc (a read of kernel memory, not of a disk).
double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  double pages_total = 0;
  double pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

std::vector<std::shared_ptr<void>> register_process_metrics(
    const router::SessionManager& sessions) {
  using observability::MetricKind;
  auto& r = observability::Registry::global();
  auto started = r.started();
  return {
      r.reader("meerkat_sessions", "Client sessions bound now", MetricKind::kGauge, {},
               [&sessions] { return static_cast<double>(sessions.count()); }),
      r.reader("meerkat_process_resident_memory_bytes", "Resident memory of the server process",
               MetricKind::kGauge, {}, resident_bytes),
      r.reader("meerkat_process_cpu_seconds_total", "CPU time the server process used",
               MetricKind::kCounter, {}, cpu_seconds),
      r.reader("meerkat_uptime_seconds", "Time since the server started", MetricKind::kGauge, {},
               [started] {
                 return std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                     .count();
               }),
  };
}

}  // namespace meerkat::api::metrics
