// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/stanza_error.hpp"

#include <string>

#include "core/ns.hpp"

namespace meerkat::stanza {

xml::Element make_error_element(const Error& error, std::string_view xmlns) {
  xml::Element element("error", std::string(xmlns));
  element.add_attr_unchecked("type", std::string(to_string(error.type)));
  element.append(xml::Element(std::string(to_string(error.condition)), std::string(ns::kStanzas)));
  if (!error.text.empty()) {
    xml::Element& text = element.append(xml::Element("text", std::string(ns::kStanzas)));
    text.add_attr_unchecked("xml:lang", "en");
    text.append_text(error.text);
  }
  if (!error.app_condition.empty()) {
    auto& condition = element.append(xml::Element(error.app_condition, error.app_namespace));
    for (const auto& [name, text] : error.app_children) {
      condition.append(xml::Element(name, error.app_namespace)).append_text(text);
    }
  }
  return element;
}

xml::Element make_error_reply(const xml::Element& request, const Error& error) {
  xml::Element reply(request.name(), request.xmlns());
  reply.reserve_attrs(request.attrs().size() + 1);
  for (const xml::Attribute& a : request.attrs()) {
    if (a.name == "to" || a.name == "from" || a.name == "type") continue;
    reply.add_attr_unchecked(a.name, a.value);
  }
  if (auto to = request.attr("to")) reply.add_attr_unchecked("from", std::string(*to));
  if (auto from = request.attr("from")) reply.add_attr_unchecked("to", std::string(*from));
  reply.add_attr_unchecked("type", "error");
  reply.append(make_error_element(error, request.xmlns()));
  return reply;
}

bool may_reply_with_error(const xml::Element& stanza) { return stanza.attr("type") != "error"; }

std::optional<Condition> condition_from_string(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(Condition::kUnexpectedRequest); ++i) {
    auto condition = static_cast<Condition>(i);
    if (to_string(condition) == name) return condition;
  }
  return std::nullopt;
}

std::optional<ErrorType> error_type_from_string(std::string_view name) {
  for (ErrorType type : {ErrorType::kAuth, ErrorType::kCancel, ErrorType::kContinue,
                         ErrorType::kModify, ErrorType::kWait}) {
    if (to_string(type) == name) return type;
  }
  return std::nullopt;
}

std::optional<Error> parse_stanza_error(const xml::Element& stanza) {
  const xml::Element* element = stanza.find_child("error", stanza.xmlns());
  if (element == nullptr) return std::nullopt;
  Error error;
  error.type = error_type_from_string(element->attr_or("type", "")).value_or(ErrorType::kCancel);
  error.condition = Condition::kUndefinedCondition;
  bool has_condition = false;
  for (const xml::Element& child : element->children()) {
    if (child.xmlns() != ns::kStanzas) continue;
    if (child.name() == "text") {
      error.text = child.text();
    } else if (!has_condition) {
      has_condition = true;
      error.condition =
          condition_from_string(child.name()).value_or(Condition::kUndefinedCondition);
    }
  }
  return error;
}

}  // namespace meerkat::stanza
