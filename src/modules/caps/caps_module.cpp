// SPDX-License-Identifier: Apache-2.0
#include "modules/caps/caps_module.hpp"

#include "core/ns.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::caps {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_caps");
  return logger;
}

// After mod_presence's broadcast: a contact learns of the presence before PEP items follow.
constexpr int kPresencePriority = hooks::kPriorityDefault + 30;

std::vector<CapsVersion> versions_of(const std::vector<std::string>& names) {
  std::vector<CapsVersion> versions;
  for (const auto& name : names) {
    versions.push_back(name == "v2" ? CapsVersion::kV2 : CapsVersion::kV1);
  }
  return versions;
}

// Asked by the client's server (its domain), so the answer comes back to the server.
xml::Element disco_query(std::string id, const jid::Jid& to, const CapsRef& ref) {
  auto iq = make_iq("get", std::move(id), std::string(to.domain()), to.to_string());
  iq.append(xml::Element("query", std::string(ns::kDiscoInfo)))
      .add_attr_unchecked("node", ref.query_node());
  return iq;
}

}  // namespace

CapsModule::CapsModule(ModuleContext& context, const config::modules::CapsOptions& options)
    : context_(context),
      versions_(versions_of(options.versions)),
      timeout_(options.iq_response_timeout) {
  auto& hooks = context.hooks;
  hooks.entity_caps = this;
  hooks.user_presence.add(std::string(kName), kPresencePriority,
                          [this](hooks::PresenceEvent& e) { return on_presence(e); });
  hooks.iq_response.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::StanzaEvent& e) { return on_response(e); });
  hooks.session_closed.add(std::string(kName), hooks::kPriorityDefault,
                           [this](hooks::SessionEvent& e) { return on_closed(e); });
}

std::shared_ptr<const hooks::ClientFeatures> CapsModule::features(
    const xml::Element& presence) const {
  auto refs = caps_of(presence, versions_);
  if (refs.empty()) return nullptr;
  std::lock_guard lock(mutex_);
  for (const auto& ref : refs) {
    if (auto it = known_.find(ref.key()); it != known_.end()) return it->second;
  }
  return nullptr;
}

std::string CapsModule::known_key(const std::vector<CapsRef>& refs) const {
  std::lock_guard lock(mutex_);
  for (const auto& ref : refs) {
    auto key = ref.key();
    if (known_.count(key)) return key;
  }
  return {};
}

bool CapsModule::set_session_key(const jid::Jid& session, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& current = session_keys_[session.to_string()];
  if (current == key) return false;
  current = key;
  return true;
}

std::optional<xml::Element> CapsModule::ask(const jid::Jid& session, const CapsRef& ref) {
  auto key = ref.key();
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  std::erase_if(pending_, [now](const auto& entry) { return entry.second.deadline < now; });
  for (auto& [id, pending] : pending_) {
    if (pending.ref.key() == key) {
      pending.waiting.push_back(session);
      return std::nullopt;
    }
  }
  if (pending_.size() >= kMaxPending) return std::nullopt;  // asked again at its next presence
  auto id = "caps" + std::to_string(++next_query_);
  pending_.emplace(id, Pending{ref, session, now + timeout_, {session}});
  return disco_query(std::move(id), session, ref);
}

asio::awaitable<HookResult> CapsModule::on_presence(hooks::PresenceEvent& event) {
  if (!event.is_available) {
    std::lock_guard lock(mutex_);
    session_keys_.erase(event.from.to_string());
    co_return HookResult::kContinue;
  }
  auto refs = caps_of(event.presence, versions_);
  if (refs.empty()) co_return HookResult::kContinue;
  if (auto key = known_key(refs); !key.empty()) {
    if (set_session_key(event.from, key)) {
      hooks::SessionEvent changed{event.from};
      co_await context_.hooks.caps_changed.run(changed);
    }
    co_return HookResult::kContinue;
  }
  if (auto query = ask(event.from, refs.front())) {
    co_await context_.router.route(std::move(*query));
  }
  co_return HookResult::kContinue;
}

asio::awaitable<HookResult> CapsModule::on_response(hooks::StanzaEvent& event) {
  auto id = std::string(event.stanza.attr_or("id", ""));
  Pending pending;
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(id);
    // Only the client asked may answer (anyone could guess an id).
    if (it == pending_.end() || it->second.asked != event.from) co_return HookResult::kContinue;
    pending = std::move(it->second);
    pending_.erase(it);
  }
  const auto* query = event.stanza.find_child("query", ns::kDiscoInfo);
  if (event.stanza.attr_or("type", "") != "result" || !query || !verify(pending.ref, *query)) {
    log()->info("caps_not_verified jid={} node={}", event.from.to_string(),
                pending.ref.query_node());
    co_return HookResult::kStop;
  }
  auto key = pending.ref.key();
  {
    std::lock_guard lock(mutex_);
    if (known_.size() >= kMaxKnown) known_.erase(known_.begin());
    known_[key] =
        std::make_shared<const hooks::ClientFeatures>(hooks::ClientFeatures{features_of(*query)});
  }
  co_await announce(pending.waiting, key);
  co_return HookResult::kStop;
}

asio::awaitable<void> CapsModule::announce(const std::vector<jid::Jid>& sessions,
                                           const std::string& key) {
  for (const auto& session : sessions) {
    // Only sessions still available with these caps (the presence may have changed since).
    bool current = false;
    for (const auto& info : context_.router.sessions().sessions(session.bare())) {
      if (info.resource != session.resource() || !info.available || !info.presence) continue;
      current = known_key(caps_of(*info.presence, versions_)) == key;
    }
    if (!current || !set_session_key(session, key)) continue;
    hooks::SessionEvent changed{session};
    co_await context_.hooks.caps_changed.run(changed);
  }
}

asio::awaitable<HookResult> CapsModule::on_closed(hooks::SessionEvent& event) {
  std::lock_guard lock(mutex_);
  session_keys_.erase(event.jid.to_string());
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::caps
