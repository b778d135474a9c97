// SPDX-License-Identifier: Apache-2.0
// mod_smart_markers: MongooseIM's open extension for chat markers (esl:xmpp:smart-markers:0).
// The latest XEP-0333 marker of each type a local user sends in a conversation (and thread) is
// kept; a client asks for the markers of a conversation with one IQ instead of paging through
// the archive. Markers are public to the conversation by default (the peer's markers are
// answered too); with keep_private they are never routed, and each user sees only its own.
// backend "rdbms" stores a marker before routing it; "rdbms_async" stores it in the
// background and routes at once.
#pragma once

#include "config/modules/inbox_options.hpp"
#include "modules/module_context.hpp"
#include "storage/smart_marker_store.hpp"

namespace meerkat::modules::smart_markers {

inline constexpr std::string_view kSmartMarkers = "esl:xmpp:smart-markers:0";

// The marker a message carries (type, id and thread filled in), or nullopt.
std::optional<storage::ChatMarker> marker_of(const xml::Element& message);

class SmartMarkersModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_smart_markers";
  SmartMarkersModule(ModuleContext& context, const config::modules::SmartMarkersOptions& options);

 private:
  boost::asio::awaitable<hooks::HookResult> record(hooks::StanzaEvent& event);
  boost::asio::awaitable<void> store(storage::ChatMarker marker);
  boost::asio::awaitable<hooks::IqReply> handle(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::HookResult> remove_user(hooks::UserEvent& event);

  ModuleContext& context_;
  storage::SmartMarkerStore& store_;
  bool keep_private_;
  bool write_behind_;
};

}  // namespace meerkat::modules::smart_markers
