// SPDX-License-Identifier: Apache-2.0
#include "modules/pubsub/node_config.hpp"

#include <charconv>
#include <optional>
#include <string>

#include "core/ns.hpp"

namespace meerkat::modules::pubsub {

namespace {

using storage::PubsubAccess;
using storage::PubsubNodeConfig;
using storage::SendLastItem;

constexpr std::string_view kAccessModel = "pubsub#access_model";
constexpr std::string_view kMaxItems = "pubsub#max_items";
constexpr std::string_view kPersistItems = "pubsub#persist_items";
constexpr std::string_view kSendLast = "pubsub#send_last_published_item";
constexpr std::string_view kNotifyRetract = "pubsub#notify_retract";
// Behaviour that is fixed here: a form may ask for it, not for anything else.
constexpr std::string_view kDeliverPayloads = "pubsub#deliver_payloads";
constexpr std::string_view kDeliverNotifications = "pubsub#deliver_notifications";
constexpr std::string_view kNotifyDelete = "pubsub#notify_delete";

std::string_view access_name(PubsubAccess access) {
  switch (access) {
    case PubsubAccess::kOpen: return "open";
    case PubsubAccess::kPresence: return "presence";
    case PubsubAccess::kWhitelist: return "whitelist";
  }
  return "presence";
}

std::string_view send_last_name(SendLastItem send_last) {
  switch (send_last) {
    case SendLastItem::kNever: return "never";
    case SendLastItem::kOnSub: return "on_sub";
    case SendLastItem::kOnSubAndPresence: return "on_sub_and_presence";
  }
  return "on_sub_and_presence";
}

xml::Element field(std::string_view var, std::string_view type, std::string_view label,
                   std::string value) {
  xml::Element f("field", std::string(ns::kDataForms));
  f.add_attr_unchecked("var", std::string(var));
  f.add_attr_unchecked("type", std::string(type));
  if (!label.empty()) f.add_attr_unchecked("label", std::string(label));
  f.append(xml::Element("value", std::string(ns::kDataForms))).append_text(value);
  return f;
}

void add_options(xml::Element& f, std::initializer_list<std::string_view> options) {
  for (auto option : options) {
    f.append(xml::Element("option", std::string(ns::kDataForms)))
        .append(xml::Element("value", std::string(ns::kDataForms)))
        .append_text(option);
  }
}

// XEP-0004 §3.3 boolean: "1"/"true" or "0"/"false".
std::optional<bool> parse_bool(std::string_view text) {
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false") return false;
  return std::nullopt;
}

Error unacceptable(std::string text) {
  return {ErrorType::kModify, Condition::kNotAcceptable, std::move(text)};
}

Result<void> apply_field(std::string_view var, std::string_view value, PubsubNodeConfig& config) {
  if (var == kAccessModel) {
    if (value == "open")
      config.access = PubsubAccess::kOpen;
    else if (value == "presence")
      config.access = PubsubAccess::kPresence;
    else if (value == "whitelist")
      config.access = PubsubAccess::kWhitelist;
    else
      return unacceptable("pubsub#access_model: open, presence or whitelist");
  } else if (var == kMaxItems) {
    if (value == "max") {
      config.max_items = std::nullopt;
      return {};
    }
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
      return unacceptable("pubsub#max_items: a non-negative integer or max");
    }
    config.max_items = n;
  } else if (var == kPersistItems || var == kNotifyRetract) {
    auto flag = parse_bool(value);
    if (!flag) return unacceptable(std::string(var) + ": a boolean");
    (var == kPersistItems ? config.persist_items : config.notify_retract) = *flag;
  } else if (var == kSendLast) {
    if (value == "never")
      config.send_last = SendLastItem::kNever;
    else if (value == "on_sub")
      config.send_last = SendLastItem::kOnSub;
    else if (value == "on_sub_and_presence")
      config.send_last = SendLastItem::kOnSubAndPresence;
    else
      return unacceptable("pubsub#send_last_published_item: never, on_sub or on_sub_and_presence");
  } else if (var == kDeliverPayloads || var == kDeliverNotifications || var == kNotifyDelete) {
    if (parse_bool(value) != true) return unacceptable(std::string(var) + ": only true");
  } else {
    return unacceptable(std::string(var) + ": not a supported node option");
  }
  return {};
}

}  // namespace

Error pubsub_error(ErrorType type, Condition condition, std::string_view pubsub_condition,
                   std::string text) {
  Error error{type, condition, std::move(text)};
  error.app_condition = std::string(pubsub_condition);
  error.app_namespace = std::string(kPubsubErrors);
  return error;
}

xml::Element config_form(const PubsubNodeConfig& config) {
  xml::Element form("x", std::string(ns::kDataForms));
  form.add_attr_unchecked("type", "form");
  form.append(field("FORM_TYPE", "hidden", "", std::string(kNodeConfig)));
  auto& access =
      form.append(field(kAccessModel, "list-single", "Who may subscribe and retrieve items",
                        std::string(access_name(config.access))));
  add_options(access, {"open", "presence", "whitelist"});
  form.append(field(kMaxItems, "text-single", "Most items to keep",
                    config.max_items ? std::to_string(*config.max_items) : "max"));
  form.append(
      field(kPersistItems, "boolean", "Keep published items", config.persist_items ? "1" : "0"));
  auto& send_last = form.append(field(kSendLast, "list-single", "When to send the last item",
                                      std::string(send_last_name(config.send_last))));
  add_options(send_last, {"never", "on_sub", "on_sub_and_presence"});
  form.append(field(kNotifyRetract, "boolean", "Notify when an item is retracted",
                    config.notify_retract ? "1" : "0"));
  form.append(field(kDeliverPayloads, "boolean", "Deliver payloads with notifications", "1"));
  return form;
}

Result<PubsubNodeConfig> apply_form(const xml::Element& form, PubsubNodeConfig config) {
  auto type = form.attr_or("type", "");
  if (type == "cancel") return config;
  if (type != "submit") return Error::bad_request("a node configuration form of type submit");
  for (const auto& f : form.children()) {
    if (f.name() != "field") continue;
    auto var = f.attr_or("var", "");
    if (var == "FORM_TYPE") continue;
    const auto* value = f.find_child("value", ns::kDataForms);
    if (!value) continue;  // XEP-0004 §3.2: a field without a value leaves it as it is
    if (auto applied = apply_field(var, value->text(), config); !applied) return applied.error();
  }
  return config;
}

bool satisfies(const PubsubNodeConfig& config, const xml::Element& publish_options) {
  auto wanted = apply_form(publish_options, config);
  return wanted && *wanted == config;
}

}  // namespace meerkat::modules::pubsub
