// SPDX-License-Identifier: Apache-2.0
// What client streams count (observability/metrics.hpp): stanzas in and out by kind,
// logins, and sessions dropped because their outgoing queue overflowed.
#pragma once

#include <string_view>

#include "observability/metrics.hpp"

namespace meerkat::stream::c2s {

struct C2sMetrics {
  observability::Counter* received[3];  // message, presence, iq
  observability::Counter* sent[3];
  observability::Counter* auth_success;
  observability::Counter* auth_failure;
  observability::Counter* queue_overflows;

  static C2sMetrics& get();
  // The slot of `name` in received/sent; 3 for anything else.
  static int kind_of(std::string_view name) {
    return name == "message" ? 0 : name == "presence" ? 1 : name == "iq" ? 2 : 3;
  }
};

}  // namespace meerkat::stream::c2s
