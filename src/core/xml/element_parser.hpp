// SPDX-License-Identifier: Apache-2.0
// Parses one serialized element (a stored stanza, a vCard, private XML) back into a tree, with
// the stream parser's XMPP restrictions. `content_xmlns` is the namespace unprefixed elements
// get when the text declares none (jabber:client for stored stanzas).
#pragma once

#include <string_view>

#include "core/error/error.hpp"
#include "core/xml/element.hpp"

namespace meerkat::xml {

Result<Element> parse_element(std::string_view text, std::string_view content_xmlns = "jabber:client");

}  // namespace meerkat::xml
