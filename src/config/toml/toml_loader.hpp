// SPDX-License-Identifier: Apache-2.0
// Loads a MongooseIM-style TOML config (toml++) into the typed Config, collecting every error.
#pragma once

#include <string>
#include <string_view>

#include "config/root_schema.hpp"

namespace meerkat::config {

LoadResult load_toml_file(std::string path, const LoadOptions& options = {});
// `file_name` is only used in error messages.
LoadResult load_toml_string(std::string_view text, std::string file_name,
                            const LoadOptions& options = {});

}  // namespace meerkat::config
