// SPDX-License-Identifier: Apache-2.0
#include "api/rest/archived_message.hpp"

#include <boost/algorithm/string/trim.hpp>

#include "core/jid/jid.hpp"
#include "core/stanza/datetime.hpp"
#include "core/xml/element_parser.hpp"
#include "modules/mam/mam_request.hpp"

namespace meerkat::api::rest {

namespace {

namespace json = boost::json;
constexpr std::string_view kClient = "jabber:client";
// Smack's stanza properties (MongooseIM "Smack library support").
constexpr std::string_view kProperties = "http://www.jivesoftware.com/xmlns/xmpp/properties";

std::string string_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string bare(std::string_view jid) {
  auto parsed = jid::Jid::parse(jid);
  return parsed ? parsed->bare().to_string() : std::string(jid);
}

// The archive id holds the time to the microsecond; the DateTime only whole seconds.
std::chrono::system_clock::time_point time_of(const json::object& map) {
  if (auto id = modules::mam::decode_id(string_of(map, "stanza_id"))) {
    return modules::mam::time_of(*id);
  }
  auto stamp = stanza::parse_datetime(string_of(map, "timestamp"));
  return stamp ? *stamp : std::chrono::system_clock::now();
}

json::object properties_of(const xml::Element& properties) {
  json::object out;
  for (const auto& property : properties.children()) {
    if (property.name() != "property") continue;
    auto name = property.child_text("name", kProperties);
    if (!name.empty()) out[name] = property.child_text("value", kProperties);
  }
  return out;
}

}  // namespace

std::optional<ArchivedMessage> parse_stanza_map(const json::value& map) {
  if (!map.is_object()) return std::nullopt;
  const auto& o = map.as_object();
  auto stanza = xml::parse_element(string_of(o, "stanza"));
  if (!stanza || stanza->name() != "message") return std::nullopt;
  return ArchivedMessage{std::move(*stanza), string_of(o, "sender"), time_of(o)};
}

std::int64_t unix_millis(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

json::object admin_message_json(const ArchivedMessage& message) {
  auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(message.time.time_since_epoch()).count();
  return json::object{{"sender", message.sender},
                      {"timestamp", seconds},
                      {"message_id", message.stanza.attr_or("id", "")},
                      {"body", message.stanza.child_text("body", kClient)}};
}

json::object client_message_json(const xml::Element& stanza,
                                 std::chrono::system_clock::time_point time,
                                 std::string_view sender) {
  json::object out{{"from", bare(stanza.attr_or("from", sender))},
                   {"to", bare(stanza.attr_or("to", ""))},
                   {"id", stanza.attr_or("id", "")},
                   {"body", stanza.child_text("body", kClient)},
                   {"timestamp", unix_millis(time)}};
  if (const auto* thread = stanza.find_child("thread", kClient)) {
    out["thread"] = boost::algorithm::trim_copy(thread->text());
    if (auto parent = thread->attr("parent")) out["parent"] = *parent;
  }
  if (const auto* properties = stanza.find_child("properties", kProperties)) {
    out["properties"] = properties_of(*properties);
  }
  return out;
}

}  // namespace meerkat::api::rest
