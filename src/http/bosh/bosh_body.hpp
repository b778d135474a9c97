// SPDX-License-Identifier: Apache-2.0
// The <body/> wrapper of BOSH (XEP-0124 §4, XEP-0206 §5): what a client's request asks for,
// and how our responses are written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error/error.hpp"
#include "core/xml/element.hpp"

namespace meerkat::http::bosh {

inline constexpr std::string_view kHttpBind = "http://jabber.org/protocol/httpbind";
inline constexpr std::string_view kXbosh = "urn:xmpp:xbosh";

struct ClientBody {
  std::uint64_t rid = 0;
  std::optional<std::string> sid;  // absent: a session creation request (§7.1)
  // Session creation only.
  std::string to;
  std::optional<std::string> lang;
  std::optional<std::uint64_t> wait;
  std::optional<std::uint64_t> hold;
  bool wants_acks = false;  // ack='1' (§9.1)
  // Later requests.
  std::optional<std::uint64_t> ack;  // the highest rid whose response the client has (§9.2)
  std::optional<std::uint64_t> pause;
  bool terminate = false;
  bool restart = false;  // xmpp:restart='true' (XEP-0206 §5)
  std::vector<xml::Element> payload;
};

// Parses a request; the error text says what is wrong (answered with bad-request).
Result<ClientBody> parse_client_body(std::string_view text);

using Attributes = std::vector<std::pair<std::string, std::string>>;

// A response <body/> with `attributes` around `content` (children already serialized with
// the httpbind namespace in scope, see append_payload).
std::string render_body(const Attributes& attributes, std::string_view content);
// Appends a child of a response body: stanzas get xmlns='jabber:client', stream-level
// elements the stream: prefix that the body declares.
void append_payload(const xml::Element& element, std::string& content);
// A terminal binding error (§17.2): type='terminate' with `condition`.
std::string render_terminate(std::string_view condition, std::string_view content = {});

}  // namespace meerkat::http::bosh
