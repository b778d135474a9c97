// SPDX-License-Identifier: Apache-2.0
// Inside the server every stanza is in jabber:client, as a client's would be, whatever stream
// carried it; s2s streams (jabber:server) and component streams (jabber:component:accept)
// carry the same stanzas in their own content namespace (RFC 6120 §4.8.3).
#pragma once

#include <string_view>

#include "core/xml/element.hpp"

namespace meerkat::stanza {

// Moves `element` and its descendants from `stream_xmlns` into jabber:client; elements of
// other namespaces (payloads) keep theirs.
void to_client_namespace(xml::Element& element, std::string_view stream_xmlns);

}  // namespace meerkat::stanza
