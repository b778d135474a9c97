// SPDX-License-Identifier: Apache-2.0
// Stream-level errors (core layer): RFC 6120 §4.9 conditions, the <stream:error/> element that
// carries them, and the mapping from parser errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/xml/element.hpp"
#include "core/xml/stream_parser.hpp"

namespace meerkat::stanza {

// RFC 6120 §4.9.3, in the RFC's (alphabetical) order.
enum class StreamErrorCondition {
  kBadFormat,
  kBadNamespacePrefix,
  kConflict,
  kConnectionTimeout,
  kHostGone,
  kHostUnknown,
  kImproperAddressing,
  kInternalServerError,
  kInvalidFrom,
  kInvalidNamespace,
  kInvalidXml,
  kNotAuthorized,
  kNotWellFormed,
  kPolicyViolation,
  kRemoteConnectionFailed,
  kReset,
  kResourceConstraint,
  kRestrictedXml,
  kSeeOtherHost,
  kSystemShutdown,
  kUndefinedCondition,
  kUnsupportedEncoding,
  kUnsupportedFeature,
  kUnsupportedStanzaType,
  kUnsupportedVersion,
};

std::string_view to_string(StreamErrorCondition condition);
std::optional<StreamErrorCondition> stream_error_condition_from_string(std::string_view name);

struct StreamError {
  StreamErrorCondition condition = StreamErrorCondition::kUndefinedCondition;
  std::string text{};            // for humans; sent as <text xml:lang='en'>, never secrets
  std::string see_other_host{};  // §4.9.3.19: the host[:port] to use, for kSeeOtherHost only
};

// <stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>
// <text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>…</text></stream:error>
xml::Element make_stream_error_element(const StreamError& error);

// Reads a <stream:error/> received from a peer; nullopt if `element` is not one. An unknown
// condition reads as undefined-condition (§4.9.3.21: the peer may use application conditions).
std::optional<StreamError> parse_stream_error(const xml::Element& element);

// The stream error to send for a parser failure, with the parser's explanation as the text.
StreamError to_stream_error(xml::ParseError error, std::string text);

}  // namespace meerkat::stanza
