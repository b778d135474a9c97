// SPDX-License-Identifier: Apache-2.0
// Stanza errors on the wire (core layer): the one place where an Error becomes XML, and back.
// RFC 6120 §8.3.
#pragma once

#include <optional>
#include <string_view>

#include "core/error/error.hpp"
#include "core/xml/element.hpp"

namespace meerkat::stanza {

// The error reply to `request` (§8.3.1): same element name, namespace and id, to and from
// swapped, type='error', and
// <error type='cancel'><condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
// <text xmlns='…' xml:lang='en'>…</text></error>. The request's payload is not echoed back.
xml::Element make_error_reply(const xml::Element& request, const Error& error);

// Just the <error/> child, in namespace `xmlns` (the stanza's own namespace).
xml::Element make_error_element(const Error& error, std::string_view xmlns);

// §8.3.1: an error stanza is never answered with another error.
bool may_reply_with_error(const xml::Element& stanza);

// Reads the <error/> child of a stanza of type='error'; nullopt if there is none. Unknown
// conditions read as undefined-condition, unknown types as cancel.
std::optional<Error> parse_stanza_error(const xml::Element& stanza);

std::optional<Condition> condition_from_string(std::string_view name);
std::optional<ErrorType> error_type_from_string(std::string_view name);

}  // namespace meerkat::stanza
