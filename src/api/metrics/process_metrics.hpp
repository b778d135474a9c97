// SPDX-License-Identifier: Apache-2.0
// The process-wide series of a running server: sessions, memory, CPU time and uptime.
#pragma once

#include <memory>
#include <vector>

#include "router/session_manager.hpp"

namespace meerkat::api::metrics {

// The series stay registered while the returned handles live.
std::vector<std::shared_ptr<void>> register_process_metrics(const router::SessionManager& sessions);

}  // namespace meerkat::api::metrics
