// SPDX-License-Identifier: Apache-2.0
#include "api/rest/roster_items.hpp"

#include <boost/algorithm/string/case_conv.hpp>

namespace meerkat::api::rest {

namespace json = boost::json;

namespace {

json::value lower(const json::value* v) {
  if (!v || !v->is_string()) return "none";
  return json::string(boost::algorithm::to_lower_copy(std::string(v->as_string())));
}

}  // namespace

json::array contacts_json(const json::value& contacts) {
  json::array out;
  if (!contacts.is_array()) return out;
  for (const auto& c : contacts.as_array()) {
    if (!c.is_object()) continue;
    const auto& o = c.as_object();
    out.push_back(json::object{{"jid", o.at("jid")},
                               {"subscription", lower(o.if_contains("subscription"))},
                               {"ask", lower(o.if_contains("ask"))}});
  }
  return out;
}

std::optional<std::string> subscription_action(std::string_view action) {
  if (action == "subscribe" || action == "invite") return "INVITE";
  if (action == "subscribed" || action == "accept") return "ACCEPT";
  return std::nullopt;
}

}  // namespace meerkat::api::rest
