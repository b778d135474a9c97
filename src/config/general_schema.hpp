// SPDX-License-Identifier: Apache-2.0
// Schema of the `general` section; also the host_config.general subset.
#pragma once

#include "config/general_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<GeneralOptions> general_schema();
// host_config.general accepts only the options that may differ per host.
Section<GeneralOptions> host_general_schema();

}  // namespace meerkat::config
