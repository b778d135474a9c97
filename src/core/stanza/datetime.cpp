// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/datetime.hpp"

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace meerkat::stanza {

namespace {

// Reads exactly `digits` decimal digits at `at`; advances it.
std::optional<int> digits_at(std::string_view text, std::size_t& at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    char c = text[at + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

}  // namespace

std::string format_datetime(std::chrono::system_clock::time_point when) {
  auto us = std::chrono::floor<std::chrono::microseconds>(when.time_since_epoch()).count();
  auto fraction = static_cast<unsigned>(((us % 1000000) + 1000000) % 1000000);
  auto seconds = static_cast<std::time_t>((us - static_cast<std::int64_t>(fraction)) / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, fraction);
  return text;
}

std::optional<std::chrono::system_clock::time_point> parse_datetime(std::string_view text) {
  std::size_t at = 0;
  auto year = digits_at(text, at, 4);
  if (!year || !expect(text, at, '-')) return std::nullopt;
  auto month = digits_at(text, at, 2);
  if (!month || !expect(text, at, '-')) return std::nullopt;
  auto day = digits_at(text, at, 2);
  if (!day || !expect(text, at, 'T')) return std::nullopt;
  auto hour = digits_at(text, at, 2);
  if (!hour || !expect(text, at, ':')) return std::nullopt;
  auto minute = digits_at(text, at, 2);
  if (!minute || !expect(text, at, ':')) return std::nullopt;
  auto second = digits_at(text, at, 2);
  if (!second) return std::nullopt;
  std::chrono::microseconds fraction{0};
  if (at < text.size() && text[at] == '.') {
    ++at;
    std::int64_t scale = 100000;
    std::size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      fraction += std::chrono::microseconds{(text[at] - '0') * scale};
      scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (expect(text, at, 'Z')) {
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int sign = text[at++] == '-' ? -1 : 1;
    auto hours = digits_at(text, at, 2);
    if (!hours || !expect(text, at, ':')) return std::nullopt;
    auto minutes = digits_at(text, at, 2);
    if (!minutes) return std::nullopt;
    offset_minutes = sign * (*hours * 60 + *minutes);
  } else {
    return std::nullopt;
  }
  bool valid = at == text.size() && *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31 &&
               *hour <= 23 && *minute <= 59 && *second <= 60;
  if (!valid) return std::nullopt;
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  auto seconds = timegm(&tm);
  auto when = std::chrono::system_clock::from_time_t(seconds) + fraction -
              std::chrono::minutes{offset_minutes};
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(when);
}

}  // namespace meerkat::stanza
