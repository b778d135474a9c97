// SPDX-License-Identifier: Apache-2.0
// XEP-0082 date-times: what <delay/> stamps and MAM's start/end filters carry.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace meerkat::stanza {

// "2026-11-22T12:00:00.123456Z": UTC, to the microsecond.
std::string format_datetime(std::chrono::system_clock::time_point when);

// "CCYY-MM-DDThh:mm:ss[.sss]TZD" with TZD "Z" or "+hh:mm"/"-hh:mm"; nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_datetime(std::string_view text);

}  // namespace meerkat::stanza
