// SPDX-License-Identifier: Apache-2.0
// mod_caps: learns what each client can do from the entity capabilities in its presence
// (XEP-0115, XEP-0390). An unknown hash is resolved once, by asking that client for
// disco#info and checking its answer against the hash; afterwards every client announcing the
// same hash is known at once. PEP uses it to filter notifications (XEP-0163 §4.3.3).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "config/modules/caps_options.hpp"
#include "modules/caps/entity_caps.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::caps {

class CapsModule final : public Module, public hooks::EntityCaps {
 public:
  static constexpr std::string_view kName = "mod_caps";
  // Most hashes remembered, and most queries waiting for an answer at a time.
  static constexpr std::size_t kMaxKnown = 10'000;
  static constexpr std::size_t kMaxPending = 1'000;

  CapsModule(ModuleContext& context, const config::modules::CapsOptions& options);

  std::shared_ptr<const hooks::ClientFeatures> features(
      const xml::Element& presence) const override;

 private:
  using FeaturesPtr = std::shared_ptr<const hooks::ClientFeatures>;
  using Clock = std::chrono::steady_clock;

  // A disco#info query on its way to the first client that announced an unknown hash.
  struct Pending {
    CapsRef ref;
    jid::Jid asked;
    Clock::time_point deadline;
    std::vector<jid::Jid> waiting;  // sessions that announced the same hash meanwhile
  };

  boost::asio::awaitable<hooks::HookResult> on_presence(hooks::PresenceEvent& event);
  boost::asio::awaitable<hooks::HookResult> on_response(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> on_closed(hooks::SessionEvent& event);
  boost::asio::awaitable<void> announce(const std::vector<jid::Jid>& sessions,
                                        const std::string& key);

  // The first of `refs` whose features are known: its key, or empty.
  std::string known_key(const std::vector<CapsRef>& refs) const;
  // Records that `session` waits for `ref`; returns the query to send when none is on its way.
  std::optional<xml::Element> ask(const jid::Jid& session, const CapsRef& ref);
  // Whether `session`'s known key changed to `key` (and records it).
  bool set_session_key(const jid::Jid& session, const std::string& key);

  ModuleContext& context_;
  std::vector<CapsVersion> versions_;
  std::chrono::milliseconds timeout_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, FeaturesPtr> known_;         // by CapsRef::key()
  std::unordered_map<std::string, Pending> pending_;           // by IQ id
  std::unordered_map<std::string, std::string> session_keys_;  // full JID → announced key
  std::uint64_t next_query_ = 0;
};

}  // namespace meerkat::modules::caps
