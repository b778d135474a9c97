// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/stream_error.hpp"

#include <array>
#include <utility>

#include "core/ns.hpp"

namespace meerkat::stanza {
namespace {

// Indexed by StreamErrorCondition.
constexpr std::array<std::string_view, 25> kNames = {
    "bad-format",
    "bad-namespace-prefix",
    "conflict",
    "connection-timeout",
    "host-gone",
    "host-unknown",
    "improper-addressing",
    "internal-server-error",
    "invalid-from",
    "invalid-namespace",
    "invalid-xml",
    "not-authorized",
    "not-well-formed",
    "policy-violation",
    "remote-connection-failed",
    "reset",
    "resource-constraint",
    "restricted-xml",
    "see-other-host",
    "system-shutdown",
    "undefined-condition",
    "unsupported-encoding",
    "unsupported-feature",
    "unsupported-stanza-type",
    "unsupported-version",
};
static_assert(kNames.size() ==
              static_cast<std::size_t>(StreamErrorCondition::kUnsupportedVersion) + 1);

}  // namespace

std::string_view to_string(StreamErrorCondition condition) {
  return kNames.at(static_cast<std::size_t>(condition));
}

std::optional<StreamErrorCondition> stream_error_condition_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<StreamErrorCondition>(i);
  }
  return std::nullopt;
}

xml::Element make_stream_error_element(const StreamError& error) {
  xml::Element element("error", std::string(ns::kStreams));
  xml::Element& condition = element.append(
      xml::Element(std::string(to_string(error.condition)), std::string(ns::kStreamErrors)));
  if (error.condition == StreamErrorCondition::kSeeOtherHost && !error.see_other_host.empty()) {
    condition.append_text(error.see_other_host);
  }
  if (!error.text.empty()) {
    xml::Element& text = element.append(xml::Element("text", std::string(ns::kStreamErrors)));
    text.add_attr_unchecked("xml:lang", "en");
    text.append_text(error.text);
  }
  return element;
}

std::optional<StreamError> parse_stream_error(const xml::Element& element) {
  if (!element.is("error", ns::kStreams)) return std::nullopt;
  StreamError error;
  bool has_condition = false;
  for (const xml::Element& child : element.children()) {
    if (child.xmlns() != ns::kStreamErrors) continue;
    if (child.name() == "text") {
      error.text = child.text();
    } else if (!has_condition) {
      has_condition = true;
      error.condition = stream_error_condition_from_string(child.name())
                            .value_or(StreamErrorCondition::kUndefinedCondition);
      if (error.condition == StreamErrorCondition::kSeeOtherHost)
        error.see_other_host = child.text();
    }
  }
  return error;
}

StreamError to_stream_error(xml::ParseError error, std::string text) {
  StreamErrorCondition condition = StreamErrorCondition::kUndefinedCondition;
  switch (error) {
    case xml::ParseError::kNone: condition = StreamErrorCondition::kUndefinedCondition; break;
    case xml::ParseError::kNotWellFormed: condition = StreamErrorCondition::kNotWellFormed; break;
    case xml::ParseError::kRestrictedXml: condition = StreamErrorCondition::kRestrictedXml; break;
    case xml::ParseError::kPolicyViolation:
      condition = StreamErrorCondition::kPolicyViolation;
      break;
    case xml::ParseError::kUnsupportedEncoding:
      condition = StreamErrorCondition::kUnsupportedEncoding;
      break;
    case xml::ParseError::kBadFormat: condition = StreamErrorCondition::kBadFormat; break;
  }
  return {condition, std::move(text)};
}

}  // namespace meerkat::stanza
