// SPDX-License-Identifier: Apache-2.0
#include "modules/offline/offline_module.hpp"


#include <limits>

#include "core/ns.hpp"
#include "core/stanza/datetime.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::offline {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_offline");
  return logger;
}

constexpr std::string_view kChatStates = "http://jabber.org/protocol/chatstates";

}  // namespace

OfflineModule::OfflineModule(ModuleContext& context, config::modules::OfflineOptions options)
    : context_(context), options_(std::move(options)) {
  context.hooks.offline_message.add(std::string(kName), hooks::kPriorityDefault,
                                    [this](hooks::StanzaEvent& e) { return store(e); });
  context.hooks.user_available.add(std::string(kName), hooks::kPriorityDefault,
                                   [this](hooks::SessionEvent& e) { return flush(e); });
  context.hooks.server_features.emplace_back("msgoffline");
}

bool OfflineModule::is_storable(const xml::Element& message) const {
  auto type = message.attr_or("type", "normal");
  // XEP-0160 §3: no storage for errors and headlines; groupchat only when configured.
  if (type == "error" || type == "headline") return false;
  if (type == "groupchat" && !options_.store_groupchat_messages) return false;
  // A message with nothing but a chat state notification is not worth keeping.
  for (const auto& child : message.children()) {
    if (child.xmlns() != kChatStates) return true;
  }
  return false;
}

std::uint64_t OfflineModule::max_messages(const jid::Jid& user) const {
  // As in MongooseIM: a rule that gives no number means no limit.
  auto value =
      context_.authenticator.access().evaluate(options_.access_max_user_messages, user,
                                               user.domain());
  auto* number = value ? std::get_if<std::int64_t>(&*value) : nullptr;
  if (!number) return std::numeric_limits<std::uint64_t>::max();
  return *number < 0 ? 0 : static_cast<std::uint64_t>(*number);
}

asio::awaitable<HookResult> OfflineModule::store(hooks::StanzaEvent& event) {
  if (!is_storable(event.stanza)) co_return HookResult::kContinue;
  auto owner = event.to.bare();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto lookup = context_.authenticator.account_exists(user, host);
  auto exists = co_await std::move(lookup);
  if (!exists || !*exists) co_return HookResult::kContinue;  // no account: service-unavailable
  auto now = std::chrono::system_clock::now();
  auto stamped = event.stanza;
  auto& delay = stamped.append(xml::Element("delay", std::string(ns::kDelay)));
  delay.add_attr_unchecked("from", host);
  delay.add_attr_unchecked("stamp", stanza::format_datetime(now));
  storage::OfflineMessage message{event.from.to_string(), event.to.to_string(), now,
                                  xml::to_string(stamped, ns::kClient)};
  auto limit = max_messages(owner);
  auto stored = co_await context_.stores.offline->store(std::move(user), std::move(host),
                                                        std::move(message), limit);
  if (!stored) {
    log()->warn("offline_store_failed to={} error=\"{}\"", owner.to_string(), stored.error().text);
    co_return HookResult::kContinue;
  }
  // A full store bounces the message with service-unavailable, as MongooseIM does.
  co_return *stored ? HookResult::kStop : HookResult::kContinue;
}

asio::awaitable<HookResult> OfflineModule::flush(hooks::SessionEvent& event) {
  auto& sessions = context_.router.sessions();
  auto owner = event.jid.bare();
  bool wants = false;
  for (const auto& s : sessions.sessions(owner)) {
    // RFC 6121 §8.5.2.1.1: only a session with non-negative priority receives them.
    if (s.resource == event.jid.resource()) wants = s.available && s.priority >= 0;
  }
  if (!wants) co_return HookResult::kContinue;
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto messages = co_await context_.stores.offline->take_all(std::move(user), std::move(host));
  if (!messages) co_return HookResult::kContinue;
  for (auto& message : *messages) {
    auto parsed = xml::parse_element(message.stanza);
    if (!parsed) continue;
    auto from = jid::Jid::parse(message.from);
    if (!from) continue;
    auto to = event.jid;
    parsed->set_attr("to", event.jid.to_string());
    // Through the router, so a session that vanished meanwhile sends them back to storage.
    co_await context_.router.route(std::move(*from), std::move(to), std::move(*parsed));
  }
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::offline
