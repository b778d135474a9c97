// SPDX-License-Identifier: Apache-2.0
#include "hooks/hook.hpp"

#include "observability/log.hpp"

namespace meerkat::hooks {

void log_handler_failure(std::string_view hook, std::string_view module,
                         std::exception_ptr error) {
  static const auto logger = observability::logger("hooks");
  std::string what = "unknown exception";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  logger->error("hook_handler_failed hook={} module={} error=\"{}\"", hook, module, what);
}

}  // namespace meerkat::hooks
