// SPDX-License-Identifier: Apache-2.0
#include "modules/event_pusher/push_module.hpp"

#include <algorithm>

#include "core/ns.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"
#include "net/spawn.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::event_pusher {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_event_pusher");
  return logger;
}

constexpr std::string_view kPush = "urn:xmpp:push:0";                      // XEP-0357
constexpr std::string_view kSummary = "urn:xmpp:push:summary";             // XEP-0357 §7
constexpr std::string_view kPubsub = "http://jabber.org/protocol/pubsub";  // XEP-0060

// Before mod_offline stores the message (it stops the hook once stored).
constexpr int kNotifyPriority = hooks::kPriorityDefault - 10;

xml::Element field(std::string var, std::string value) {
  xml::Element f("field", std::string(ns::kDataForms));
  f.add_attr_unchecked("var", std::move(var));
  f.append(xml::Element("value", std::string(ns::kDataForms))).append_text(value);
  return f;
}

// XEP-0357 §7: the summary of what waits, as the app server receives it.
xml::Element summary(const jid::Jid& sender, const xml::Element& message) {
  xml::Element notification("notification", std::string(kPush));
  auto& form = notification.append(xml::Element("x", std::string(ns::kDataForms)));
  form.add_attr_unchecked("type", "submit");
  form.append(field("FORM_TYPE", std::string(kSummary)));
  form.append(field("message-count", "1"));
  form.append(field("last-message-sender", sender.to_string()));
  form.append(field("last-message-body", message.child_text("body", ns::kClient)));
  return notification;
}

xml::Element publish(const std::string& id, const jid::Jid& owner,
                     const storage::PushRegistration& registration, xml::Element notification) {
  auto iq = make_iq("set", id, owner.to_string(), registration.pubsub_jid);
  auto& pubsub = iq.append(xml::Element("pubsub", std::string(kPubsub)));
  auto& node = pubsub.append(xml::Element("publish", std::string(kPubsub)));
  node.add_attr_unchecked("node", registration.node);
  node.append(xml::Element("item", std::string(kPubsub))).append(std::move(notification));
  if (!registration.form.empty()) {
    if (auto form = xml::parse_element(registration.form)) {
      pubsub.append(xml::Element("publish-options", std::string(kPubsub))).append(std::move(*form));
    }
  }
  return iq;
}

// Messages worth waking a phone for: chat or normal, with a body.
bool is_pushable(const xml::Element& message) {
  auto type = message.attr_or("type", "normal");
  return (type == "chat" || type == "normal") && message.find_child("body", ns::kClient);
}

}  // namespace

PushModule::PushModule(ModuleContext& context, const config::modules::PushBackendOptions& options)
    : context_(context), store_(*context.stores.push) {
  for (const auto& pattern : options.virtual_pubsub_hosts) {
    for (const auto& host : context.router.hosts()) {
      auto domain = pattern;
      if (auto at = domain.find("@HOST@"); at != std::string::npos) domain.replace(at, 6, host);
      virtual_hosts_.push_back(std::move(domain));
    }
  }
  auto& hooks = context.hooks;
  hooks.iq.add(hooks::IqScope::kUser, std::string(kPush),
               [this](hooks::IqRequest& r) { return handle_iq(r); });
  hooks.user_features.emplace_back(kPush);
  hooks.offline_message.add(std::string(kName), kNotifyPriority,
                            [this](hooks::StanzaEvent& e) { return notify(e); });
  hooks.message_held.add(std::string(kName), hooks::kPriorityDefault,
                         [this](hooks::HeldMessageEvent& e) { return notify_held(e); });
  hooks.iq_response.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::StanzaEvent& e) { return on_answer(e); });
  hooks.remove_user.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::UserEvent& e) { return remove_user(e); });
}

bool PushModule::is_virtual(std::string_view domain) const {
  return std::find(virtual_hosts_.begin(), virtual_hosts_.end(), domain) != virtual_hosts_.end();
}

asio::awaitable<hooks::IqReply> PushModule::handle_iq(hooks::IqRequest& request) {
  if (!request.is_set()) co_return Error::bad_request("enable and disable are sets");
  if (!request.is_from_owner()) {
    co_return Error{ErrorType::kAuth, Condition::kForbidden, "only the account enables push"};
  }
  const auto& payload = request.payload();
  if (payload.name() == "enable") co_return co_await enable(request);
  if (payload.name() == "disable") co_return co_await disable(request);
  co_return Error::bad_request("expected <enable/> or <disable/>");
}

asio::awaitable<hooks::IqReply> PushModule::enable(hooks::IqRequest& request) {
  const auto& payload = request.payload();
  auto service = jid::Jid::parse(payload.attr_or("jid", ""));
  auto node = std::string(payload.attr_or("node", ""));
  if (!service) co_return Error::bad_request("enable needs the app server's 'jid'");
  if (node.empty()) co_return Error::bad_request("enable needs a 'node'");
  storage::PushRegistration registration{service->to_string(), std::move(node), {}};
  if (const auto* form = payload.find_child("x", ns::kDataForms)) {
    if (form->attr_or("type", "") != "submit") {
      co_return Error::bad_request("the publish options are a form of type submit");
    }
    registration.form = xml::to_string(*form);
  }
  auto user = std::string(request.to.node());
  auto host = std::string(request.to.domain());
  auto stored = co_await store_.enable(std::move(user), std::move(host), std::move(registration));
  if (!stored) co_return Error::internal("the push registration could not be stored");
  co_return std::optional<xml::Element>();
}

asio::awaitable<hooks::IqReply> PushModule::disable(hooks::IqRequest& request) {
  const auto& payload = request.payload();
  auto service = jid::Jid::parse(payload.attr_or("jid", ""));
  if (!service) co_return Error::bad_request("disable needs the app server's 'jid'");
  std::optional<std::string> node;
  if (auto n = payload.attr("node"); n && !n->empty()) node = std::string(*n);
  auto user = std::string(request.to.node());
  auto host = std::string(request.to.domain());
  auto jid = service->to_string();
  auto removed =
      co_await store_.disable(std::move(user), std::move(host), std::move(jid), std::move(node));
  if (!removed) co_return Error::internal("the push registration could not be removed");
  if (*removed == 0) {
    co_return Error{ErrorType::kCancel, Condition::kItemNotFound, "push was not enabled there"};
  }
  co_return std::optional<xml::Element>();
}

std::string PushModule::remember(const jid::Jid& owner,
                                 const storage::PushRegistration& registration) {
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  std::erase_if(pending_, [now](const auto& entry) { return entry.second.deadline < now; });
  auto id = "push" + std::to_string(++next_id_);
  if (pending_.size() < kMaxPending) {
    pending_.emplace(id, Pending{std::string(owner.node()), std::string(owner.domain()),
                                 registration.pubsub_jid, registration.node, now + kAnswerTimeout});
  }
  return id;
}

asio::awaitable<HookResult> PushModule::notify(hooks::StanzaEvent& event) {
  if (!is_pushable(event.stanza)) co_return HookResult::kContinue;
  auto owner = event.to.bare();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto registrations = co_await store_.registrations(std::move(user), std::move(host));
  if (!registrations || registrations->empty()) co_return HookResult::kContinue;
  for (const auto& registration : *registrations) {
    auto service = jid::Jid::parse(registration.pubsub_jid);
    if (!service) continue;
    if (is_virtual(service->domain())) {
      // Served by a push service module (MongoosePush) rather than a pubsub node; none is
      // implemented yet, so the notification has nowhere to go.
      log()->debug("push_virtual_host_unserved user={} jid={}", owner.to_string(),
                   registration.pubsub_jid);
      continue;
    }
    auto id = remember(owner, registration);
    auto iq = publish(id, owner, registration, summary(event.from, event.stanza));
    auto from = owner;
    co_await context_.router.route(std::move(from), std::move(*service), std::move(iq));
  }
  co_return HookResult::kContinue;
}

// A session waiting to be resumed holds the message: its device is likely asleep (a phone
// whose app was suspended), and would otherwise learn of it only when it reconnects.
HookResult PushModule::notify_held(hooks::HeldMessageEvent& event) {
  if (!is_pushable(event.message)) return HookResult::kContinue;
  auto from = jid::Jid::parse(event.message.attr_or("from", ""));
  if (!from) return HookResult::kContinue;
  hooks::StanzaEvent held{std::move(*from), event.to, event.message};
  net::spawn_owned(context_.tasks, event.executor, notify_task(std::move(held)), "push held");
  return HookResult::kContinue;
}

asio::awaitable<void> PushModule::notify_task(hooks::StanzaEvent event) { co_await notify(event); }

asio::awaitable<HookResult> PushModule::on_answer(hooks::StanzaEvent& event) {
  Pending pending;
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(std::string(event.stanza.attr_or("id", "")));
    if (it == pending_.end() || it->second.pubsub_jid != event.from.to_string()) {
      co_return HookResult::kContinue;
    }
    pending = std::move(it->second);
    pending_.erase(it);
  }
  if (event.stanza.attr_or("type", "") != "error") co_return HookResult::kStop;
  // The app server refuses (unknown node, wrong secret…): stop pushing there until the
  // client enables it again.
  log()->info("push_disabled_by_app_server user={}@{} jid={} node={}", pending.user, pending.host,
              pending.pubsub_jid, pending.node);
  std::optional<std::string> node = std::move(pending.node);  // named: GCC 12 and co_await
  auto removed = co_await store_.disable(std::move(pending.user), std::move(pending.host),
                                         std::move(pending.pubsub_jid), std::move(node));
  if (!removed) log()->warn("push_disable_failed error=\"{}\"", removed.error().text);
  co_return HookResult::kStop;
}

asio::awaitable<HookResult> PushModule::remove_user(hooks::UserEvent& event) {
  auto removed = co_await store_.remove_user(event.user, event.host);
  if (!removed) log()->warn("push_remove_failed error=\"{}\"", removed.error().text);
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::event_pusher
