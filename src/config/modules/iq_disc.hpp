// SPDX-License-Identifier: Apache-2.0
// How a module's IQ handlers are scheduled (MongooseIM Modules.md "IQ processing policies").
// Meerkat runs handlers on the session's shard; the option is validated for compatibility.
#pragma once

#include <optional>

namespace meerkat::config {
template <class S>
class Section;
}

namespace meerkat::config::modules {

enum class IqDiscType { kOneQueue, kNoQueue, kQueues, kParallel };

struct IqDisc {
  IqDisc() = default;
  explicit IqDisc(IqDiscType default_type) : type(default_type) {}

  IqDiscType type = IqDiscType::kOneQueue;
  std::optional<int> workers;  // required with type = "queues"
};

Section<IqDisc> iqdisc_schema();

}  // namespace meerkat::config::modules
