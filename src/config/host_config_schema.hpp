// SPDX-License-Identifier: Apache-2.0
// Schema of one `[[host_config]]` table.
#pragma once

#include "config/host_config_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<HostConfig> host_config_schema();

}  // namespace meerkat::config
