// SPDX-License-Identifier: Apache-2.0
// mod_blocking: XEP-0191 Blocking Command: the blocklist IQs with pushes to the user's
// resources, and its enforcement both ways. Blocklists are cached in memory (sharded) because
// every stanza to or from a user consults them.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "config/modules/privacy_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::blocking {

using Blocklist = std::shared_ptr<const std::vector<std::string>>;

class BlockingModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_blocking";
  BlockingModule(ModuleContext& context, config::modules::BlockingOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> handle(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> change(jid::Jid owner, xml::Element command);
  boost::asio::awaitable<hooks::HookResult> filter_incoming(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> filter_outgoing(hooks::StanzaEvent& event);
  boost::asio::awaitable<Result<Blocklist>> blocklist(jid::Jid owner);
  void forget(const jid::Jid& owner);
  void push(const jid::Jid& owner, const xml::Element& command);
  boost::asio::awaitable<void> hide_presence(jid::Jid owner, std::vector<std::string> blocked);
  boost::asio::awaitable<void> reveal_presence(jid::Jid owner,
                                               std::vector<std::string> unblocked);

  struct Bucket {
    std::mutex mutex;
    std::unordered_map<std::string, Blocklist> lists;  // bare JID → its blocklist
    std::uint64_t generation = 0;  // bumped by every forget(): loads older than it are stale
  };
  Bucket& bucket_of(const jid::Jid& owner);

  ModuleContext& context_;
  std::array<Bucket, 16> cache_;
};

}  // namespace meerkat::modules::blocking
