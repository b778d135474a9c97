// SPDX-License-Identifier: Apache-2.0
#include "net/spawn.hpp"

#include "observability/log.hpp"

namespace meerkat::net {

void log_task_failure(const std::string& what, std::exception_ptr error) {
  static const auto log = observability::logger("task");
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    log->error("task_failed task={} error={}", what, e.what());
  } catch (...) {
    log->error("task_failed task={} error=unknown", what);
  }
}

}  // namespace meerkat::net
