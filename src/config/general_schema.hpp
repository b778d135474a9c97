// SPDX-License-Identifier: Apache-2.0
// Schema of the `general` section.
#pragma once

#include "config/general_options.hpp"
#include "config/validators.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<GeneralOptions> general_schema();

// MongooseIM's log level names, most severe first; `allow_none` adds "none" (logging off),
// which general.loglevel accepts and instrumentation.log.level does not.
Validator log_level_choice(bool allow_none);

}  // namespace meerkat::config
