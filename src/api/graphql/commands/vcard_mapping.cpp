// SPDX-License-Identifier: Apache-2.0
// One table says which API field is which vcard-temp element; both directions read it.
#include "api/graphql/commands/vcard_mapping.hpp"

#include <boost/json.hpp>
#include <string_view>
#include <vector>

#include "core/ns.hpp"

namespace meerkat::api::graphql {

namespace {

namespace json = boost::json;

enum class Kind {
  kText,     // one text element (formattedName)
  kTexts,    // repeated text elements (nickname, note …)
  kRecord,   // one element with text children (nameComponents)
  kRecords,  // repeated elements with text children and tag flags (address, email …)
  kImage,    // PHOTO, LOGO: TYPE + BINVAL or EXTVAL
  kSound,    // PHONETIC, BINVAL or EXTVAL
  kAgent,    // a nested vCard or EXTVAL
};

struct Child {
  std::string_view field;
  std::string_view element;
  bool many = false;  // a list of strings (LINE, ORGUNIT, KEYWORD)
};

struct Part {
  std::string_view field;
  std::string_view element;
  Kind kind;
  std::vector<Child> children = {};
  std::vector<std::string_view> tags = {};  // empty flag elements, listed in "tags"
};

const std::vector<std::string_view> kAddressTags{"HOME", "WORK", "POSTAL", "PARCEL",
                                                 "DOM",  "PREF", "INTL"};

const std::vector<Part>& parts() {
  static const std::vector<Part> table{
      {"formattedName", "FN", Kind::kText},
      {"nameComponents",
       "N",
       Kind::kRecord,
       {{"family", "FAMILY"},
        {"givenName", "GIVEN"},
        {"middleName", "MIDDLE"},
        {"prefix", "PREFIX"},
        {"suffix", "SUFFIX"}}},
      {"nickname", "NICKNAME", Kind::kTexts},
      {"photo", "PHOTO", Kind::kImage},
      {"birthday", "BDAY", Kind::kTexts},
      {"address",
       "ADR",
       Kind::kRecords,
       {{"pobox", "POBOX"},
        {"extadd", "EXTADD"},
        {"street", "STREET"},
        {"locality", "LOCALITY"},
        {"region", "REGION"},
        {"pcode", "PCODE"},
        {"country", "CTRY"}},
       kAddressTags},
      {"label", "LABEL", Kind::kRecords, {{"line", "LINE", true}}, kAddressTags},
      {"telephone",
       "TEL",
       Kind::kRecords,
       {{"number", "NUMBER"}},
       {"HOME", "WORK", "VOICE", "FAX", "PAGER", "MSG", "CELL", "VIDEO", "BBS", "MODEM", "ISDN",
        "PCS", "PREF"}},
      {"email",
       "EMAIL",
       Kind::kRecords,
       {{"userId", "USERID"}},
       {"HOME", "WORK", "INTERNET", "PREF", "X400"}},
      {"jabberId", "JABBERID", Kind::kTexts},
      {"mailer", "MAILER", Kind::kTexts},
      {"timeZone", "TZ", Kind::kTexts},
      {"geo", "GEO", Kind::kRecords, {{"lat", "LAT"}, {"lon", "LON"}}},
      {"title", "TITLE", Kind::kTexts},
      {"role", "ROLE", Kind::kTexts},
      {"logo", "LOGO", Kind::kImage},
      {"agent", "AGENT", Kind::kAgent},
      {"org", "ORG", Kind::kRecords, {{"orgname", "ORGNAME"}, {"orgunit", "ORGUNIT", true}}},
      {"categories", "CATEGORIES", Kind::kRecords, {{"keyword", "KEYWORD", true}}},
      {"note", "NOTE", Kind::kTexts},
      {"prodId", "PRODID", Kind::kTexts},
      {"rev", "REV", Kind::kTexts},
      {"sortString", "SORT-STRING", Kind::kTexts},
      {"sound", "SOUND", Kind::kSound},
      {"uid", "UID", Kind::kTexts},
      {"url", "URL", Kind::kTexts},
      {"desc", "DESC", Kind::kTexts},
      {"class", "CLASS", Kind::kRecords, {}, {"PUBLIC", "PRIVATE", "CONFIDENTIAL"}},
      {"key", "KEY", Kind::kRecords, {{"type", "TYPE"}, {"credential", "CRED"}}},
  };
  return table;
}

constexpr std::string_view kNs = "vcard-temp";

std::vector<const xml::Element*> children_named(const xml::Element& e, std::string_view name) {
  std::vector<const xml::Element*> out;
  for (const auto& child : e.children()) {
    if (child.name() == name) out.push_back(&child);
  }
  return out;
}

json::value text_or_null(const xml::Element& e, std::string_view name) {
  auto found = children_named(e, name);
  return found.empty() ? json::value() : json::value(json::string(found.front()->text()));
}

json::object record_to_json(const Part& part, const xml::Element& e) {
  json::object o;
  for (const auto& child : part.children) {
    if (child.many) {
      json::array values;
      for (const auto* c : children_named(e, child.element))
        values.emplace_back(json::string(c->text()));
      o[child.field] = std::move(values);
    } else {
      o[child.field] = text_or_null(e, child.element);
    }
  }
  if (!part.tags.empty()) {
    json::array tags;
    for (auto tag : part.tags) {
      if (!children_named(e, tag).empty()) tags.emplace_back(json::string(tag));
    }
    o["tags"] = std::move(tags);
  }
  return o;
}

json::value media_to_json(Kind kind, const xml::Element& e) {
  if (kind == Kind::kAgent) {
    for (const auto& child : e.children()) {
      if (child.name() == "vCard")
        return json::object{{"__typename", "AgentVcard"}, {"vcard", vcard_to_json(child)}};
    }
  }
  if (!children_named(e, "EXTVAL").empty()) {
    return json::object{{"__typename", "External"}, {"extValue", text_or_null(e, "EXTVAL")}};
  }
  if (kind == Kind::kSound && !children_named(e, "PHONETIC").empty()) {
    return json::object{{"__typename", "Phonetic"}, {"phonetic", text_or_null(e, "PHONETIC")}};
  }
  if (kind == Kind::kSound) {
    return json::object{{"__typename", "BinValue"}, {"binValue", text_or_null(e, "BINVAL")}};
  }
  return json::object{{"__typename", "ImageData"},
                      {"type", text_or_null(e, "TYPE")},
                      {"binValue", text_or_null(e, "BINVAL")}};
}

void add_text(xml::Element& parent, std::string_view name, const json::value* v) {
  if (!v || !v->is_string()) return;
  parent.append(xml::Element(std::string(name), std::string(kNs))).append_text(v->as_string());
}

xml::Element record_from_json(const Part& part, const json::object& o) {
  xml::Element e(std::string(part.element), std::string(kNs));
  if (const auto* tags = o.if_contains("tags"); tags && tags->is_array()) {
    for (const auto& tag : tags->as_array()) {
      e.append(xml::Element(std::string(tag.as_string()), std::string(kNs)));
    }
  }
  for (const auto& child : part.children) {
    const auto* v = o.if_contains(child.field);
    if (child.many && v && v->is_array()) {
      for (const auto& item : v->as_array()) add_text(e, child.element, &item);
    } else {
      add_text(e, child.element, v);
    }
  }
  return e;
}

xml::Element media_from_json(const Part& part, const json::object& o) {
  xml::Element e(std::string(part.element), std::string(kNs));
  if (const auto* agent = o.if_contains("vcard"); agent && agent->is_object()) {
    e.append(vcard_from_json(agent->as_object()));
    return e;
  }
  if (const auto* ext = o.if_contains("extValue"); ext && ext->is_string()) {
    add_text(e, "EXTVAL", ext);
    return e;
  }
  add_text(e, "TYPE", o.if_contains("type"));
  add_text(e, "PHONETIC", o.if_contains("phonetic"));
  add_text(e, "BINVAL", o.if_contains("binValue"));
  return e;
}

}  // namespace

json::value vcard_to_json(const xml::Element& vcard) {
  json::object out;
  for (const auto& part : parts()) {
    auto found = children_named(vcard, part.element);
    switch (part.kind) {
      case Kind::kText: out[part.field] = text_or_null(vcard, part.element); break;
      case Kind::kRecord:
        out[part.field] =
            found.empty() ? json::value() : json::value(record_to_json(part, *found.front()));
        break;
      default: {
        json::array list;
        for (const auto* e : found) {
          if (part.kind == Kind::kTexts) {
            list.emplace_back(json::string(e->text()));
          } else if (part.kind == Kind::kRecords) {
            list.emplace_back(record_to_json(part, *e));
          } else {
            list.push_back(media_to_json(part.kind, *e));
          }
        }
        out[part.field] = std::move(list);
      }
    }
  }
  return out;
}

xml::Element vcard_from_json(const json::object& input) {
  xml::Element vcard("vCard", std::string(kNs));
  for (const auto& part : parts()) {
    const auto* v = input.if_contains(part.field);
    if (!v || v->is_null()) continue;
    switch (part.kind) {
      case Kind::kText: add_text(vcard, part.element, v); break;
      case Kind::kRecord: vcard.append(record_from_json(part, v->as_object())); break;
      default:
        for (const auto& item : v->as_array()) {
          if (part.kind == Kind::kTexts) {
            add_text(vcard, part.element, &item);
          } else if (part.kind == Kind::kRecords) {
            vcard.append(record_from_json(part, item.as_object()));
          } else {
            vcard.append(media_from_json(part, item.as_object()));
          }
        }
    }
  }
  return vcard;
}

}  // namespace meerkat::api::graphql
