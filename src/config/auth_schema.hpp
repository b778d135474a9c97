// SPDX-License-Identifier: Apache-2.0
// Schema of the `auth` section (also used, whole, by host_config.auth).
#pragma once

#include "config/auth_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<AuthOptions> auth_schema();

}  // namespace meerkat::config
