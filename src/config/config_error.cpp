// SPDX-License-Identifier: Apache-2.0
#include "config/config_error.hpp"

#include <algorithm>

namespace meerkat::config {

std::string ConfigError::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(col);
  out += ": ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

ConfigErrors::ConfigErrors(std::vector<ConfigError> errors) : errors_(std::move(errors)) {
  std::stable_sort(errors_.begin(), errors_.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::tie(a.line, a.col) < std::tie(b.line, b.col);
  });
  for (const auto& e : errors_) {
    if (!text_.empty()) text_ += '\n';
    text_ += e.to_string();
  }
}

void throw_exception_from_error(const ConfigErrors& e, const boost::source_location&) { throw e; }

}  // namespace meerkat::config
