// SPDX-License-Identifier: Apache-2.0
// Where the configuration comes from: a file named on the command line (format chosen by its
// extension, as DESIGN.md "Command line" says) or the embedded default.
#pragma once

#include <optional>
#include <string>

#include "config/root_schema.hpp"

namespace meerkat::app {

// `path` unset: the embedded default. Errors come back as ConfigErrors, never thrown.
config::LoadResult load_configuration(const std::optional<std::string>& path);

}  // namespace meerkat::app
