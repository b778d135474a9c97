// SPDX-License-Identifier: Apache-2.0
// The default configuration compiled into the binary (etc/meerkat.toml), used when meerkat
// runs without --config.
#pragma once

#include <string_view>

namespace meerkat::app {

extern const std::string_view kEmbeddedConfig;
inline constexpr std::string_view kEmbeddedConfigName = "<embedded etc/meerkat.toml>";

}  // namespace meerkat::app
