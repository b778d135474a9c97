// SPDX-License-Identifier: Apache-2.0
// Schema of the `general` section.
#pragma once

#include "config/general_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<GeneralOptions> general_schema();

}  // namespace meerkat::config
