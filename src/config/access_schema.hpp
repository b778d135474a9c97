// SPDX-License-Identifier: Apache-2.0
// Schemas of the `shaper`, `acl` and `access` sections (acl and access also in host_config).
#pragma once

#include "config/access_options.hpp"

namespace meerkat::config {

template <class T>
struct Spec;

Spec<ShaperMap> shaper_schema();
Spec<AclMap> acl_schema();
Spec<AccessMap> access_schema();

}  // namespace meerkat::config
