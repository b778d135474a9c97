// SPDX-License-Identifier: Apache-2.0
// mod_event_pusher's push backend: XEP-0357 push notifications. A client enables push by
// naming its app server's pubsub JID and node (with a publish-options form holding its
// secret); when a message for the user has to wait offline, or reaches a session whose
// connection broke and that waits to be resumed (XEP-0198), the server publishes a summary
// (sender and body) to each registered node from the user's bare JID. An app server that
// answers with an error loses the registration until the client enables it again.
#pragma once

#include <chrono>
#include <mutex>
#include <unordered_map>

#include "config/modules/event_pusher_options.hpp"
#include "modules/module_context.hpp"
#include "storage/push_store.hpp"

namespace meerkat::modules::event_pusher {

class PushModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_event_pusher";
  // Most publishes waiting for the app server's answer, and how long one waits.
  static constexpr std::size_t kMaxPending = 10'000;
  static constexpr std::chrono::seconds kAnswerTimeout{60};

  PushModule(ModuleContext& context, const config::modules::PushBackendOptions& options);

 private:
  using Clock = std::chrono::steady_clock;
  // A publish on its way: whose registration it used, to drop it if the app server refuses.
  struct Pending {
    std::string user;
    std::string host;
    std::string pubsub_jid;
    std::string node;
    Clock::time_point deadline;
  };

  boost::asio::awaitable<hooks::IqReply> handle_iq(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> enable(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> disable(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::HookResult> notify(hooks::StanzaEvent& event);
  hooks::HookResult notify_held(hooks::HeldMessageEvent& event);
  boost::asio::awaitable<void> notify_task(hooks::StanzaEvent event);
  boost::asio::awaitable<hooks::HookResult> on_answer(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> remove_user(hooks::UserEvent& event);
  bool is_virtual(std::string_view domain) const;
  std::string remember(const jid::Jid& owner, const storage::PushRegistration& registration);

  ModuleContext& context_;
  storage::PushStore& store_;
  std::vector<std::string> virtual_hosts_;  // virtual_pubsub_hosts, @HOST@ expanded
  std::mutex mutex_;
  std::unordered_map<std::string, Pending> pending_;  // by IQ id
  std::uint64_t next_id_ = 0;
};

}  // namespace meerkat::modules::event_pusher
