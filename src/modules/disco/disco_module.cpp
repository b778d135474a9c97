// SPDX-License-Identifier: Apache-2.0
#include "modules/disco/disco_module.hpp"

#include <algorithm>

#include "core/ns.hpp"

namespace meerkat::modules::disco {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kDataForms = "jabber:x:data";                        // XEP-0004
constexpr std::string_view kServerInfo = "http://jabber.org/network/serverinfo";  // XEP-0157

xml::Element identity(std::string category, std::string type, std::string name = {}) {
  xml::Element element("identity", std::string(ns::kDiscoInfo));
  element.add_attr_unchecked("category", std::move(category));
  element.add_attr_unchecked("type", std::move(type));
  if (!name.empty()) element.add_attr_unchecked("name", std::move(name));
  return element;
}

void add_features(xml::Element& query, std::vector<std::string> features) {
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  for (auto& var : features) {
    query.append(xml::Element("feature", std::string(ns::kDiscoInfo)))
        .add_attr_unchecked("var", std::move(var));
  }
}

xml::Element form_field(std::string var, const std::vector<std::string>& values,
                        const char* type = nullptr) {
  xml::Element field("field", std::string(kDataForms));
  field.add_attr_unchecked("var", std::move(var));
  if (type) field.add_attr_unchecked("type", type);
  for (const auto& value : values) {
    field.append(xml::Element("value", std::string(kDataForms))).append_text(value);
  }
  return field;
}

// XEP-0030 §3.1: a query for a node nobody serves.
Error unknown_node() { return {ErrorType::kCancel, Condition::kItemNotFound, {}}; }

}  // namespace

DiscoModule::DiscoModule(ModuleContext& context, config::modules::DiscoOptions options)
    : context_(context), options_(std::move(options)) {
  auto& iq = context.hooks.iq;
  iq.add(hooks::IqScope::kServer, std::string(ns::kDiscoInfo),
         [this](hooks::IqRequest& r) { return server_info(r); });
  iq.add(hooks::IqScope::kServer, std::string(ns::kDiscoItems),
         [this](hooks::IqRequest& r) { return server_items(r); });
  iq.add(hooks::IqScope::kUser, std::string(ns::kDiscoInfo),
         [this](hooks::IqRequest& r) { return user_info(r); });
  iq.add(hooks::IqScope::kUser, std::string(ns::kDiscoItems),
         [this](hooks::IqRequest& r) { return user_items(r); });
}

xml::Element DiscoModule::server_info_form() const {
  xml::Element form("x", std::string(kDataForms));
  form.add_attr_unchecked("type", "result");
  form.append(form_field("FORM_TYPE", {std::string(kServerInfo)}, "hidden"));
  for (const auto& info : options_.server_info) {
    // An entry limited to some modules belongs to their services' disco, not the server's.
    if (info.modules) continue;
    form.append(form_field(info.name, info.urls));
  }
  return form;
}

asio::awaitable<hooks::IqReply> DiscoModule::server_info(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  if (request.payload().attr("node")) co_return unknown_node();
  xml::Element query("query", std::string(ns::kDiscoInfo));
  query.append(identity("server", "im", "Meerkat"));
  auto features = context_.hooks.server_features;
  features.emplace_back(ns::kDiscoInfo);
  features.emplace_back(ns::kDiscoItems);
  add_features(query, std::move(features));
  if (!options_.server_info.empty()) query.append(server_info_form());
  co_return std::optional<xml::Element>(std::move(query));
}

asio::awaitable<hooks::IqReply> DiscoModule::server_items(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  if (request.payload().attr("node")) co_return unknown_node();
  xml::Element query("query", std::string(ns::kDiscoItems));
  // Connected external components (XEP-0114), unless hidden_components.
  for (auto& domain : context_.router.components().visible_domains()) {
    query.append(xml::Element("item", std::string(ns::kDiscoItems)))
        .add_attr_unchecked("jid", std::move(domain));
  }
  for (const auto& [domain, service] : context_.hooks.services) {
    if (service.host != request.to.domain()) continue;
    query.append(xml::Element("item", std::string(ns::kDiscoItems)))
        .add_attr_unchecked("jid", domain);
  }
  // A domain added at run time has its services through templates.
  for (const auto& pattern : context_.hooks.service_templates) {
    auto name = pattern.prefix + std::string(request.to.domain()) + pattern.suffix;
    if (context_.hooks.services.contains(name)) continue;
    query.append(xml::Element("item", std::string(ns::kDiscoItems)))
        .add_attr_unchecked("jid", std::move(name));
  }
  for (const auto& domain : options_.extra_domains) {
    query.append(xml::Element("item", std::string(ns::kDiscoItems)))
        .add_attr_unchecked("jid", domain);
  }
  co_return std::optional<xml::Element>(std::move(query));
}

asio::awaitable<hooks::IqReply> DiscoModule::user_info(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  auto user = std::string(request.to.node());
  auto host = std::string(request.to.domain());
  auto exists = co_await context_.authenticator.account_exists(std::move(user), std::move(host));
  if (!exists) co_return exists.error();
  if (!*exists) co_return Error{ErrorType::kCancel, Condition::kServiceUnavailable, {}};
  xml::Element query("query", std::string(ns::kDiscoInfo));
  if (auto node = request.payload().attr("node")) {
    // A node of the account's own (PEP) is its module's to describe.
    query.add_attr_unchecked("node", std::string(*node));
    hooks::DiscoEvent event{request, query};
    co_await context_.hooks.user_disco_info.run(event);
    if (!event.node_found) co_return unknown_node();
    co_return std::optional<xml::Element>(std::move(query));
  }
  query.append(identity("account", "registered"));
  for (const auto& extra : context_.hooks.user_identities) {
    query.append(identity(extra.category, extra.type));
  }
  auto features = context_.hooks.user_features;
  features.emplace_back(ns::kDiscoInfo);
  features.emplace_back(ns::kDiscoItems);
  add_features(query, std::move(features));
  co_return std::optional<xml::Element>(std::move(query));
}

asio::awaitable<hooks::IqReply> DiscoModule::user_items(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  xml::Element query("query", std::string(ns::kDiscoItems));
  auto node = request.payload().attr("node");
  if (node) query.add_attr_unchecked("node", std::string(*node));
  // Items come from the modules (PEP nodes); an account without them lists none.
  hooks::DiscoEvent event{request, query};
  co_await context_.hooks.user_disco_items.run(event);
  if (node && !event.node_found) co_return unknown_node();
  co_return std::optional<xml::Element>(std::move(query));
}

}  // namespace meerkat::modules::disco
