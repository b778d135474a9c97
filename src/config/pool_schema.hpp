// SPDX-License-Identifier: Apache-2.0
// Schema of the `outgoing_pools` section.
#pragma once

#include "config/pool_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

// `with_scope`: false inside host_config, where a pool belongs to that host already.
Section<OutgoingPoolsOptions> pools_schema(bool with_scope = true);

}  // namespace meerkat::config
