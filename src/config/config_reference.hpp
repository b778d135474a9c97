// SPDX-License-Identifier: Apache-2.0
// The configuration reference, rendered from the schema (`meerkat --print-config-reference`).
#pragma once

#include <string>
#include <vector>

#include "config/schema_core.hpp"

namespace meerkat::config {

// Every option of the root schema, in schema order.
std::vector<OptionDoc> config_reference();

// A Markdown page: one table of every option with its type, default, status and doc.
std::string config_reference_markdown();

}  // namespace meerkat::config
