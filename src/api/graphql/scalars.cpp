// SPDX-License-Identifier: Apache-2.0
#include "api/graphql/scalars.hpp"

#include "core/jid/jid.hpp"
#include "core/stanza/datetime.hpp"
#include "core/xml/element_parser.hpp"

namespace meerkat::api::graphql {

namespace {

namespace json = boost::json;
using meerkat::graphql::Coerced;
using meerkat::graphql::InputError;

enum class JidForm { kAny, kBare, kFull };

Coerced jid_scalar(const json::value& v, JidForm form) {
  if (!v.is_string()) return InputError{"Invalid JID: expected a string"};
  auto parsed = jid::Jid::parse(v.as_string());
  if (!parsed) return InputError{"Invalid JID: " + std::string(v.as_string())};
  if (form == JidForm::kBare && !parsed->is_bare()) {
    return InputError{"Invalid bare JID: " + std::string(v.as_string())};
  }
  if (form == JidForm::kFull && parsed->is_bare()) {
    return InputError{"Invalid full JID: " + std::string(v.as_string())};
  }
  return json::value(json::string(parsed->to_string()));
}

template <class Prep>
Coerced prepared(const json::value& v, const char* what, Prep prep) {
  if (!v.is_string() || v.as_string().empty()) return InputError{std::string("Invalid ") + what};
  auto out = prep(v.as_string());
  if (!out) return InputError{std::string("Invalid ") + what + ": " + std::string(v.as_string())};
  return json::value(json::string(*out));
}

Coerced integer(const json::value& v, std::int64_t minimum, const char* what) {
  std::optional<std::int64_t> n;
  if (v.is_int64()) n = v.as_int64();
  if (v.is_uint64() && v.as_uint64() < (1ull << 62)) n = static_cast<std::int64_t>(v.as_uint64());
  if (!n || *n < minimum || *n > INT32_MAX) {
    return InputError{std::string("Value is not a ") + what + " integer"};
  }
  return json::value(*n);
}

}  // namespace

void add_scalar_coercions(meerkat::graphql::Schema& schema) {
  schema.set_scalar_coercion("JID",
                             [](const json::value& v) { return jid_scalar(v, JidForm::kAny); });
  schema.set_scalar_coercion("BareJID",
                             [](const json::value& v) { return jid_scalar(v, JidForm::kBare); });
  schema.set_scalar_coercion("FullJID",
                             [](const json::value& v) { return jid_scalar(v, JidForm::kFull); });
  schema.set_scalar_coercion("UserName", [](const json::value& v) {
    return prepared(v, "user name", [](std::string_view s) { return jid::Jid::nodeprep(s); });
  });
  schema.set_scalar_coercion("RoomName", [](const json::value& v) {
    return prepared(v, "room name", [](std::string_view s) { return jid::Jid::nodeprep(s); });
  });
  schema.set_scalar_coercion("DomainName", [](const json::value& v) {
    return prepared(v, "domain name", [](std::string_view s) { return jid::Jid::nameprep(s); });
  });
  schema.set_scalar_coercion("ResourceName", [](const json::value& v) {
    return prepared(v, "resource name",
                    [](std::string_view s) { return jid::Jid::resourceprep(s); });
  });
  schema.set_scalar_coercion("NonEmptyString", [](const json::value& v) -> Coerced {
    if (!v.is_string() || v.as_string().empty()) return InputError{"Given string is empty"};
    return v;
  });
  schema.set_scalar_coercion("PosInt",
                             [](const json::value& v) { return integer(v, 1, "positive"); });
  schema.set_scalar_coercion("NonNegInt",
                             [](const json::value& v) { return integer(v, 0, "non-negative"); });
  schema.set_scalar_coercion("DateTime", [](const json::value& v) -> Coerced {
    if (!v.is_string() || !stanza::parse_datetime(v.as_string())) {
      return InputError{"Invalid DateTime: expected YYYY-MM-DDTHH:mm:ssZ"};
    }
    return v;
  });
  schema.set_scalar_coercion("XmlElement", [](const json::value& v) -> Coerced {
    if (!v.is_string()) return InputError{"Invalid XML: expected a string"};
    auto parsed = xml::parse_element(v.as_string());
    if (!parsed) return InputError{"Invalid XML: " + parsed.error().text};
    return v;
  });
}

}  // namespace meerkat::api::graphql
