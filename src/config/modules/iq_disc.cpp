// SPDX-License-Identifier: Apache-2.0
#include "config/modules/iq_disc.hpp"

#include "config/schema.hpp"

namespace meerkat::config::modules {

Section<IqDisc> iqdisc_schema() {
  return Section<IqDisc>{}
      .option("type", &IqDisc::type,
              one_of({{"one_queue", IqDiscType::kOneQueue},
                      {"no_queue", IqDiscType::kNoQueue},
                      {"queues", IqDiscType::kQueues},
                      {"parallel", IqDiscType::kParallel}}),
              "Where IQ handlers run.")
      .required()
      .option("workers", &IqDisc::workers, positive(), "Worker count for \"queues\".")
      .cross_check({"type", "workers"}, [](IqDisc& d, SectionCheck& c) {
        if (d.type == IqDiscType::kQueues && !d.workers) {
          c.error("workers", "required option missing (type is \"queues\")");
        } else if (d.type != IqDiscType::kQueues && d.workers) {
          c.error("workers", "only valid with type = \"queues\"");
        }
      });
}

}  // namespace meerkat::config::modules
