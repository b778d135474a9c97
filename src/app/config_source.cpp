// SPDX-License-Identifier: Apache-2.0
#include "app/config_source.hpp"

#include "app/embedded_config.hpp"
#include "config/toml/toml_loader.hpp"

namespace meerkat::app {

namespace {

bool ends_with_any(const std::string& path, std::initializer_list<std::string_view> suffixes) {
  for (auto suffix : suffixes) {
    if (path.ends_with(suffix)) return true;
  }
  return false;
}

config::LoadResult single_error(const std::string& file, std::string message) {
  config::ConfigError error;
  error.file = file;
  error.message = std::move(message);
  return config::ConfigErrors({error});
}

}  // namespace

config::LoadResult load_configuration(const std::optional<std::string>& path) {
  if (!path) return config::load_toml_string(kEmbeddedConfig, std::string(kEmbeddedConfigName));
  if (ends_with_any(*path, {".yml", ".yaml"})) {
    // TODO(#2): the ejabberd YAML loader over the same schema.
    return single_error(*path, "ejabberd YAML configuration is not supported yet; use TOML");
  }
  if (!ends_with_any(*path, {".toml"})) {
    return single_error(*path, "unknown configuration format: expected a .toml file");
  }
  return config::load_toml_file(*path);
}

}  // namespace meerkat::app
