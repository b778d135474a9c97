// SPDX-License-Identifier: Apache-2.0
// The root schema: composes every section's schema into the one that loaders walk.
#pragma once

#include <boost/system/result.hpp>
#include <filesystem>
#include <string>

#include "config/config.hpp"
#include "config/config_error.hpp"
#include "config/raw_node.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<Config> root_schema();

struct LoadOptions {
  // Relative file names in the config (certificates, …) resolve against this directory.
  std::filesystem::path working_dir = std::filesystem::current_path();
};

// A loaded config, or every error found, sorted by position. value() throws the ConfigErrors.
using LoadResult = boost::system::result<Config, ConfigErrors>;

// Walks a parsed tree with root_schema(). `file` names the source in messages.
LoadResult load_config(const RawNode& root, std::string file, const LoadOptions& options);

}  // namespace meerkat::config
