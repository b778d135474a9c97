// SPDX-License-Identifier: Apache-2.0
#include "modules/carboncopy/carboncopy_module.hpp"

#include <algorithm>

#include "core/ns.hpp"

namespace meerkat::modules::carboncopy {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

constexpr std::string_view kHints = "urn:xmpp:hints";  // XEP-0334

}  // namespace

bool is_eligible(const xml::Element& message) {
  if (message.name() != "message") return false;
  if (message.find_child("private", kCarbons) || message.find_child("no-copy", kHints) ||
      message.find_child("sent", kCarbons) || message.find_child("received", kCarbons)) {
    return false;
  }
  auto type = message.attr_or("type", "normal");
  if (type == "chat") return true;
  return type == "normal" && message.find_child("body", message.xmlns()) != nullptr;
}

xml::Element make_carbon(const xml::Element& original, std::string_view direction,
                         const jid::Jid& user, const jid::Jid& to) {
  xml::Element carbon("message", std::string(ns::kClient));
  carbon.add_attr_unchecked("from", user.to_string());
  carbon.add_attr_unchecked("to", to.to_string());
  carbon.add_attr_unchecked("type", std::string(original.attr_or("type", "normal")));
  auto& wrapper = carbon.append(xml::Element(std::string(direction), std::string(kCarbons)));
  auto& forwarded = wrapper.append(xml::Element("forwarded", std::string(ns::kForward)));
  forwarded.append(original);
  return carbon;
}

CarboncopyModule::CarboncopyModule(ModuleContext& context, config::modules::CarboncopyOptions)
    : context_(context) {
  auto& hooks = context.hooks;
  hooks.iq.add(hooks::IqScope::kUser, std::string(kCarbons),
               [this](hooks::IqRequest& request) { return handle(request); });
  // After the filters (blocking) have let the message through.
  hooks.user_send_packet.add(std::string(kName), hooks::kPriorityDefault + 10,
                             [this](hooks::StanzaEvent& e) { return copy_sent(e); });
  hooks.message_delivered.add(std::string(kName), hooks::kPriorityDefault,
                              [this](hooks::DeliveryEvent& e) { return copy_received(e); });
  hooks.session_closed.add(std::string(kName), hooks::kPriorityDefault,
                           [this](hooks::SessionEvent& event) -> asio::awaitable<HookResult> {
                             forget_if_gone(event.jid);
                             co_return HookResult::kContinue;
                           });
  hooks.server_features.emplace_back(kCarbons);
  // XEP-0280 §4.1 inside a Bind 2 request: the new session starts with carbons on.
  hooks.bind2_features.push_back(
      {std::string(kCarbons), [this](const jid::Jid& full, const xml::Element& payload) {
         if (payload.name() != "enable") return;
         if (auto handle = context_.router.sessions().find(full)) set_enabled(full, handle, true);
       }});
}

CarboncopyModule::Bucket& CarboncopyModule::bucket_of(std::string_view bare) {
  return buckets_[std::hash<std::string_view>{}(bare) % buckets_.size()];
}

// XEP-0280 §4: <enable/> and <disable/>, for the sending session only.
asio::awaitable<hooks::IqReply> CarboncopyModule::handle(hooks::IqRequest& request) {
  if (!request.is_from_owner()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  const auto& payload = request.payload();
  bool enable = payload.name() == "enable";
  if (!request.is_set() || (!enable && payload.name() != "disable")) {
    co_return Error::bad_request("carbons are enabled or disabled with a set");
  }
  auto handle = context_.router.sessions().find(request.from);
  if (!handle) co_return Error{ErrorType::kCancel, Condition::kItemNotFound, {}};
  set_enabled(request.from, handle, enable);
  co_return std::optional<xml::Element>{};
}

void CarboncopyModule::set_enabled(const jid::Jid& full, const router::SessionHandlePtr& handle,
                                   bool enabled) {
  auto& bucket = bucket_of(full.bare_view());
  std::lock_guard lock(bucket.mutex);
  auto& sessions = bucket.users[std::string(full.bare_view())];
  auto removed =
      std::erase_if(sessions, [&](const Enabled& e) { return e.resource == full.resource(); });
  enabled_count_.fetch_sub(removed, std::memory_order_relaxed);
  if (enabled) {
    sessions.push_back({std::string(full.resource()), handle});
    enabled_count_.fetch_add(1, std::memory_order_relaxed);
  }
  if (sessions.empty()) bucket.users.erase(std::string(full.bare_view()));
}

// The session is gone unless a newer one with the same full JID has enabled carbons since.
void CarboncopyModule::forget_if_gone(const jid::Jid& full) {
  if (enabled_count_.load(std::memory_order_relaxed) == 0) return;
  auto current = context_.router.sessions().find(full);
  auto& bucket = bucket_of(full.bare_view());
  std::lock_guard lock(bucket.mutex);
  auto found = bucket.users.find(full.bare_view());
  if (found == bucket.users.end()) return;
  auto removed = std::erase_if(found->second, [&](const Enabled& e) {
    return e.resource == full.resource() && (!current || e.handle.lock() != current);
  });
  enabled_count_.fetch_sub(removed, std::memory_order_relaxed);
  if (found->second.empty()) bucket.users.erase(found);
}

void CarboncopyModule::copy_to_others(std::string_view user, const xml::Element& message,
                                      std::string_view direction,
                                      const hooks::DeliveredResources& skip) {
  std::vector<Enabled> targets;
  {
    auto& bucket = bucket_of(user);
    std::lock_guard lock(bucket.mutex);
    auto found = bucket.users.find(user);
    if (found == bucket.users.end()) return;  // the common case: this user has none on
    for (const auto& enabled : found->second) {
      if (std::find(skip.begin(), skip.end(), enabled.resource) == skip.end()) {
        targets.push_back(enabled);
      }
    }
  }
  auto bare = jid::Jid::parse(user);
  if (!bare) return;
  auto& sessions = context_.router.sessions();
  for (const auto& target : targets) {
    auto full = bare->with_resource(target.resource);
    if (!full) continue;
    // Only to the session that enabled carbons: not to a newer one with its full JID, nor to
    // one that has ended (a delivery to it would come back to the bare JID).
    auto handle = sessions.find(*full);
    if (!handle || handle != target.handle.lock()) continue;
    sessions.deliver(handle, make_carbon(message, direction, *bare, *full));
  }
}

// Cheapest tests first: this runs for every stanza a client sends.
asio::awaitable<HookResult> CarboncopyModule::copy_sent(hooks::StanzaEvent& event) {
  if (enabled_count_.load(std::memory_order_relaxed) == 0) co_return HookResult::kContinue;
  // A message to one's own account is delivered to its resources already.
  if (event.from.bare_view() != event.to.bare_view() && is_eligible(event.stanza)) {
    hooks::DeliveredResources sender{event.from.resource()};
    copy_to_others(event.from.bare_view(), event.stanza, "sent", sender);
  }
  co_return HookResult::kContinue;
}

HookResult CarboncopyModule::copy_received(hooks::DeliveryEvent& event) {
  if (enabled_count_.load(std::memory_order_relaxed) == 0) return HookResult::kContinue;
  if (event.from.bare_view() != event.to.bare_view() && is_eligible(event.message)) {
    copy_to_others(event.to.bare_view(), event.message, "received", event.resources);
  }
  return HookResult::kContinue;
}

}  // namespace meerkat::modules::carboncopy
