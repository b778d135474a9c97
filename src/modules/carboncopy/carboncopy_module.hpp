// SPDX-License-Identifier: Apache-2.0
// mod_carboncopy: XEP-0280 Message Carbons. A session that enabled carbons gets a copy of the
// chat messages its user's other sessions send (<sent/>) and receive (<received/>), so every
// device shows the whole conversation.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/modules/iqdisc_only_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::carboncopy {

inline constexpr std::string_view kCarbons = "urn:xmpp:carbons:2";

// XEP-0280 §6: whether a message is copied at all (chat, or normal with a body; not private,
// not a no-copy hint, not a carbon itself).
bool is_eligible(const xml::Element& message);
// The copy for `to` (one of the user's resources): <message from=user to=resource> with
// `direction` ("sent" or "received") wrapping the original in a XEP-0297 <forwarded/>.
xml::Element make_carbon(const xml::Element& original, std::string_view direction,
                         const jid::Jid& user, const jid::Jid& to);

class CarboncopyModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_carboncopy";
  CarboncopyModule(ModuleContext& context, config::modules::CarboncopyOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> handle(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::HookResult> copy_sent(hooks::StanzaEvent& event);
  hooks::HookResult copy_received(hooks::DeliveryEvent& event);
  void forget_if_gone(const jid::Jid& full);
  // Sends a copy to every other session of `user` that enabled carbons; `skip` got the
  // message itself.
  void copy_to_others(std::string_view user, const xml::Element& message,
                      std::string_view direction, const hooks::DeliveredResources& skip);

  // The sessions that enabled carbons, by bare JID, so that a message for a user without any
  // costs one lookup. The session handle tells a session from a newer one with the same full
  // JID, which starts with carbons off.
  struct Enabled {
    std::string resource;
    std::weak_ptr<router::SessionHandle> handle;
  };
  // Looked up by std::string_view, so that a message costs no allocation.
  struct TransparentHash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  struct Bucket {
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<Enabled>, TransparentHash, std::equal_to<>>
        users;
  };
  Bucket& bucket_of(std::string_view bare);
  // How many sessions have carbons on, server-wide: at zero, messages skip every lookup.
  std::atomic<std::size_t> enabled_count_{0};
  void set_enabled(const jid::Jid& full, const router::SessionHandlePtr& handle, bool enabled);

  ModuleContext& context_;
  std::array<Bucket, 16> buckets_;
};

}  // namespace meerkat::modules::carboncopy
