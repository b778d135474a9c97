// SPDX-License-Identifier: Apache-2.0
#include "stream/c2s/c2s_metrics.hpp"

namespace meerkat::stream::c2s {

C2sMetrics& C2sMetrics::get() {
  static C2sMetrics metrics = [] {
    auto& r = observability::Registry::global();
    C2sMetrics m{};
    const char* kinds[] = {"message", "presence", "iq"};
    for (int i = 0; i < 3; ++i) {
      m.received[i] = &r.counter("meerkat_c2s_stanzas_received_total",
                                 "Stanzas received from clients, by kind", {{"type", kinds[i]}});
      m.sent[i] = &r.counter("meerkat_c2s_stanzas_sent_total", "Stanzas sent to clients, by kind",
                             {{"type", kinds[i]}});
    }
    m.auth_success = &r.counter("meerkat_c2s_auth_total", "Client authentications, by result",
                                {{"result", "success"}});
    m.auth_failure = &r.counter("meerkat_c2s_auth_total", "Client authentications, by result",
                                {{"result", "failure"}});
    m.queue_overflows =
        &r.counter("meerkat_c2s_queue_overflows_total",
                   "Sessions ended because more stanzas waited for them than max_fsm_queue allows");
    return m;
  }();
  return metrics;
}

}  // namespace meerkat::stream::c2s
