// SPDX-License-Identifier: Apache-2.0
// What the scenarios measure about a process: the server's resident memory and CPU time from
// /proc/<pid>, and the generator's own CPU time.
#pragma once

#include <sys/types.h>

#include <optional>

namespace meerkat::bench {

// VmRSS in KiB; nullopt when the process is gone (or no pid was given).
std::optional<long> rss_kib(pid_t pid);
// CPU seconds of every thread of a process, split: on loopback the kernel's TCP work for both
// ends of a connection is charged to whichever process sends, so the user-space share is what
// the server's own code costs.
struct CpuTimes {
  double user = 0;
  double system = 0;
  double total() const { return user + system; }
};
std::optional<CpuTimes> cpu_seconds(pid_t pid);
// This process's own user + system CPU seconds.
double own_cpu_seconds();
// Raises the soft open-file limit to the hard one; returns the limit now in force.
long raise_fd_limit();
// Seconds on the system-wide monotonic clock, comparable between the generator's processes.
double monotonic_seconds();

}  // namespace meerkat::bench
