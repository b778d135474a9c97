// SPDX-License-Identifier: Apache-2.0
#include "modules/private_storage/private_module.hpp"

#include "core/ns.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::modules::private_storage {

namespace asio = boost::asio;

namespace {

// XEP-0049 §3: jabber:* and similar reserved namespaces cannot be stored.
bool is_reserved(std::string_view xmlns) {
  return xmlns.empty() || xmlns.starts_with("jabber:") || xmlns == ns::kPrivate;
}

}  // namespace

PrivateModule::PrivateModule(ModuleContext& context, config::modules::PrivateOptions)
    : context_(context) {
  context.hooks.iq.add(hooks::IqScope::kUser, std::string(ns::kPrivate),
                       [this](hooks::IqRequest& request) { return handle(request); });
  context.hooks.user_features.emplace_back(ns::kPrivate);
}

asio::awaitable<hooks::IqReply> PrivateModule::handle(hooks::IqRequest& request) {
  // XEP-0049 §3: only the account itself; anyone else gets forbidden.
  if (!request.is_from_owner()) co_return Error{ErrorType::kCancel, Condition::kForbidden, {}};
  const auto& query = request.payload();
  if (!query.is("query", ns::kPrivate) || query.children().empty()) {
    co_return Error::bad_request("a private storage query names at least one namespace");
  }
  for (const auto& child : query.children()) {
    if (is_reserved(child.xmlns())) {
      co_return Error{ErrorType::kModify, Condition::kNotAcceptable, "reserved namespace"};
    }
  }
  auto owner = request.to.bare();
  auto payload = query;
  if (request.is_get()) {
    auto reply = co_await get(std::move(owner), std::move(payload));
    co_return reply;
  }
  auto reply = co_await set(std::move(owner), std::move(payload));
  co_return reply;
}

asio::awaitable<hooks::IqReply> PrivateModule::get(jid::Jid owner, xml::Element query) {
  xml::Element result("query", std::string(ns::kPrivate));
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  for (const auto& child : query.children()) {
    auto lookup = context_.stores.private_storage->get(user, host, child.xmlns());
    auto stored = co_await std::move(lookup);
    if (!stored) co_return stored.error();
    auto parsed = *stored ? xml::parse_element(**stored, child.xmlns())
                          : Result<xml::Element>(Error::internal("none"));
    // Nothing stored: the empty element comes back (§3.2).
    result.append(parsed ? std::move(*parsed) : xml::Element(child.name(), child.xmlns()));
  }
  co_return std::optional<xml::Element>(std::move(result));
}

asio::awaitable<hooks::IqReply> PrivateModule::set(jid::Jid owner, xml::Element query) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& child : query.children()) {
    entries.emplace_back(child.xmlns(), xml::to_string(child));
  }
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto stored = co_await context_.stores.private_storage->set(std::move(user), std::move(host),
                                                              std::move(entries));
  if (!stored) co_return stored.error();
  co_return std::optional<xml::Element>{};
}

}  // namespace meerkat::modules::private_storage
