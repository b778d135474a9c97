// SPDX-License-Identifier: Apache-2.0
#include "core/error/error.hpp"

#include <array>
#include <utility>

namespace meerkat {

std::string_view to_string(ErrorType type) {
  switch (type) {
    case ErrorType::kAuth: return "auth";
    case ErrorType::kCancel: return "cancel";
    case ErrorType::kContinue: return "continue";
    case ErrorType::kModify: return "modify";
    case ErrorType::kWait: return "wait";
  }
  return "cancel";
}

std::string_view to_string(Condition condition) {
  // Indexed by the enumerator; the order above matches RFC 6120 §8.3.3.
  static constexpr std::array<std::string_view, 22> kNames = {
      "bad-request",
      "conflict",
      "feature-not-implemented",
      "forbidden",
      "gone",
      "internal-server-error",
      "item-not-found",
      "jid-malformed",
      "not-acceptable",
      "not-allowed",
      "not-authorized",
      "policy-violation",
      "recipient-unavailable",
      "redirect",
      "registration-required",
      "remote-server-not-found",
      "remote-server-timeout",
      "resource-constraint",
      "service-unavailable",
      "subscription-required",
      "undefined-condition",
      "unexpected-request",
  };
  return kNames.at(static_cast<std::size_t>(condition));
}

void throw_exception_from_error(const Error& e, const boost::source_location&) {
  throw std::runtime_error(std::string(to_string(e.condition)) + ": " + e.text);
}

}  // namespace meerkat
