// SPDX-License-Identifier: Apache-2.0
// mod_mam: XEP-0313 Message Archive Management for one-to-one messages (the `pm` archive).
// Archives what local users send and receive, stamps received messages with their archive
// id (XEP-0359 <stanza-id/>), answers queries with XEP-0059 paging, keeps per-user
// preferences (always/never/roster) and drops a user's archive with the account. With
// same_mam_id_for_peers (forced by mod_stanzaid), a message between two local users has one
// id in both archives: the sender's side chooses it and stamps it for the recipient's.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "config/modules/mam_options.hpp"
#include "modules/mam/mam_request.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::mam {

class MamModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_mam";
  MamModule(ModuleContext& context, config::modules::MamOptions options);

 private:
  using PrefsPtr = std::shared_ptr<const storage::MamPrefs>;
  static constexpr std::size_t kPrefsPerBucket = 4096;

  boost::asio::awaitable<hooks::HookResult> archive_sent(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> archive_received(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::IqReply> handle_iq(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> lookup(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> handle_prefs(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::HookResult> remove_user(hooks::UserEvent& event);

  bool is_archivable(const xml::Element& message) const;
  // Whether `owner`'s preferences let a message with `remote` into the archive.
  boost::asio::awaitable<bool> wanted_by(const jid::Jid& owner, const jid::Jid& remote);
  boost::asio::awaitable<PrefsPtr> prefs_of(const jid::Jid& owner);
  void remember_prefs(const std::string& owner, PrefsPtr prefs);
  void store(std::uint64_t id, const jid::Jid& owner, const jid::Jid& remote, bool outgoing,
             const xml::Element& message);
  // What a <stanza-id/> for `owner` on a message from `from` says.
  struct Stamp {
    std::optional<std::uint64_t> id;  // the archive id to use
    bool archived = false;            // the message is in the archive already
  };
  Stamp stamp_of(const xml::Element& message, const jid::Jid& owner, const jid::Jid& from) const;

  ModuleContext& context_;
  config::modules::MamPmOptions options_;
  QueryLimits limits_;
  ArchiveIds ids_;
  // Preferences of recently seen users (null: never set, archive everything), so the
  // message path does not read the database for each message. At most 16 × 4096 users.
  struct PrefsBucket {
    std::mutex mutex;
    std::unordered_map<std::string, PrefsPtr> users;
  };
  std::array<PrefsBucket, 16> prefs_;
};

}  // namespace meerkat::modules::mam
