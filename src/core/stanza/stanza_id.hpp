// SPDX-License-Identifier: Apache-2.0
// XEP-0359 <stanza-id/> stamps on messages (core layer): finding, adding and removing the
// stamp an entity (`by`, a bare JID) put on a message. mod_mam and mod_stanzaid share these.
#pragma once

#include <string>
#include <string_view>

#include "core/xml/element.hpp"

namespace meerkat::stanza {

// The stamp by `by`, or null.
const xml::Element* stanza_id_by(const xml::Element& message, std::string_view by);
void add_stanza_id(xml::Element& message, std::string by, std::string id);
// XEP-0359 §3: a stamp claiming to be by `by` that the server did not add is removed.
void strip_stanza_ids(xml::Element& message, std::string_view by);

}  // namespace meerkat::stanza
