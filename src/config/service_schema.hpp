// SPDX-License-Identifier: Apache-2.0
// Schemas of `services`, `internal_databases` and `instrumentation`.
#pragma once

#include "config/service_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<ServicesOptions> services_schema();
Section<InternalDatabasesOptions> internal_databases_schema();
Section<InstrumentationOptions> instrumentation_schema();

}  // namespace meerkat::config
