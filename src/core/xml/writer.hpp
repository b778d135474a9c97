// SPDX-License-Identifier: Apache-2.0
// XML serializer for elements and the stream header (core layer). RFC 6120 §4.7 stream
// attributes; §4.8: the streams namespace is written with the `stream:` prefix that the header
// binds.
#pragma once

#include <string>
#include <string_view>

#include "core/ns.hpp"
#include "core/xml/element.hpp"

namespace meerkat::xml {

inline constexpr std::string_view kStreamClose = "</stream:stream>";

// Appends `element` to `out`. `parent_xmlns` is the default namespace in scope where the element
// is written (ns::kClient inside a c2s stream); `xmlns='…'` is emitted only when it differs.
// Elements in ns::kStreams are written as `stream:name`, and in ns::kDialback as `db:name`,
// without a declaration: the stream header binds both prefixes.
// Attribute values use single quotes.
void write(const Element& element, std::string& out, std::string_view parent_xmlns = {});
std::string to_string(const Element& element, std::string_view parent_xmlns = {});
// Appends `element` as a document of its own, as each WebSocket message is (RFC 7395 §3.3.3):
// its namespace is always declared, and so is the `stream:` prefix of the streams namespace.
void write_standalone(const Element& element, std::string& out);

// Escapes character data: & < > and CR (so that it survives line-end normalization).
void append_escaped_text(std::string_view text, std::string& out);
// Escapes an attribute value for single or double quotes, including TAB, LF and CR.
void append_escaped_attr(std::string_view value, std::string& out);

// What goes into an opening <stream:stream> tag. Empty strings are left out.
struct StreamHeader {
  std::string xmlns{ns::kClient};  // the content namespace: jabber:client, jabber:server, …
  std::string from{};
  std::string to{};
  std::string id{};
  std::string version{"1.0"};
  std::string lang{"en"};
  bool declare_dialback = false;  // XEP-0220: xmlns:db='jabber:server:dialback' on s2s streams
  bool xml_declaration = true;    // <?xml version='1.0'?> first
};

std::string stream_header(const StreamHeader& header);

}  // namespace meerkat::xml
