// SPDX-License-Identifier: Apache-2.0
// vcard-temp (XEP-0054) elements to and from the API's Vcard and VcardInput objects.
#pragma once

#include <boost/json/value.hpp>

#include "core/xml/element.hpp"

namespace meerkat::api::graphql {

// A <vCard xmlns='vcard-temp'/> as a Vcard object (unions carry "__typename").
boost::json::value vcard_to_json(const xml::Element& vcard);
// A VcardInput object (already checked against the schema) as a <vCard/>.
xml::Element vcard_from_json(const boost::json::object& input);

}  // namespace meerkat::api::graphql
