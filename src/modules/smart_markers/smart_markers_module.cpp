// SPDX-License-Identifier: Apache-2.0
#include "modules/smart_markers/smart_markers_module.hpp"

#include "core/ns.hpp"
#include "core/stanza/datetime.hpp"
#include "net/spawn.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::smart_markers {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

const auto& log() {
  static const auto logger = observability::logger("smart_markers");
  return logger;
}

std::int64_t to_micros(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count();
}

xml::Element marker_element(const storage::ChatMarker& marker) {
  xml::Element element("marker", std::string(kSmartMarkers));
  element.add_attr_unchecked("from", marker.from);
  element.add_attr_unchecked("id", marker.message_id);
  element.add_attr_unchecked("type", marker.type);
  auto when = std::chrono::system_clock::time_point{std::chrono::microseconds{marker.timestamp}};
  element.add_attr_unchecked("timestamp", stanza::format_datetime(when));
  if (!marker.thread.empty()) element.add_attr_unchecked("thread", marker.thread);
  return element;
}

}  // namespace

std::optional<storage::ChatMarker> marker_of(const xml::Element& message) {
  if (message.name() != "message" || message.attr_or("type", "") == "error") return std::nullopt;
  for (const auto& child : message.children()) {
    if (child.xmlns() != ns::kChatMarkers) continue;
    const auto& type = child.name();
    if (type != "received" && type != "displayed" && type != "acknowledged") continue;
    auto id = child.attr_or("id", "");
    if (id.empty()) return std::nullopt;
    storage::ChatMarker marker;
    marker.type = type;
    marker.message_id = std::string(id);
    marker.thread = message.child_text("thread", ns::kClient);
    return marker;
  }
  return std::nullopt;
}

SmartMarkersModule::SmartMarkersModule(ModuleContext& context,
                                       const config::modules::SmartMarkersOptions& options)
    : context_(context),
      store_(*context.stores.smart_markers),
      keep_private_(options.keep_private),
      write_behind_(options.backend == config::Backend::kRdbmsAsync) {
  auto& hooks = context.hooks;
  // After blocking and privacy: a marker they drop was never sent.
  hooks.user_send_packet.add(std::string(kName), hooks::kPriorityDefault + 25,
                             [this](hooks::StanzaEvent& e) { return record(e); });
  hooks.iq.add(hooks::IqScope::kUser, std::string(kSmartMarkers),
               [this](hooks::IqRequest& request) { return handle(request); });
  hooks.remove_user.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::UserEvent& e) { return remove_user(e); });
  hooks.user_features.emplace_back(kSmartMarkers);
}

asio::awaitable<HookResult> SmartMarkersModule::record(hooks::StanzaEvent& event) {
  auto marker = marker_of(event.stanza);
  if (!marker) co_return HookResult::kContinue;
  marker->from = std::string(event.from.bare_view());
  marker->to = std::string(event.to.bare_view());
  marker->timestamp = to_micros(std::chrono::system_clock::now());
  if (write_behind_) {
    auto executor = co_await asio::this_coro::executor;
    net::spawn_owned(context_.tasks, executor, store(std::move(*marker)), "smart marker");
  } else {
    co_await store(std::move(*marker));
  }
  // keep_private: the marker is the sender's own bookkeeping; nobody else sees it.
  co_return keep_private_ ? HookResult::kStop : HookResult::kContinue;
}

asio::awaitable<void> SmartMarkersModule::store(storage::ChatMarker marker) {
  auto stored = co_await store_.update(std::move(marker));
  if (!stored) log()->warn("smart_marker_store_failed error=\"{}\"", stored.error().text);
}

// The open extension's query: the latest markers of the conversation with `peer`.
asio::awaitable<hooks::IqReply> SmartMarkersModule::handle(hooks::IqRequest& request) {
  if (!request.is_from_owner()) {
    co_return Error{ErrorType::kCancel, Condition::kNotAllowed, "only the account asks"};
  }
  const auto& query = request.payload();
  if (!request.is_get() || query.name() != "query") {
    co_return Error::bad_request("markers are fetched with a get of <query/>");
  }
  auto peer = jid::Jid::parse(query.attr_or("peer", ""));
  if (!peer || !peer->is_bare()) co_return Error::bad_request("'peer' must be a bare JID");
  std::int64_t after = -1;
  if (auto text = query.attr("after")) {
    auto when = stanza::parse_datetime(*text);
    if (!when) co_return Error::bad_request("'after' must be an RFC 3339 timestamp");
    after = to_micros(*when);
  }
  auto owner = std::string(request.from.bare_view());
  auto with = peer->to_string();  // named: GCC 12 and temporaries in co_await arguments
  auto thread = std::string(query.attr_or("thread", ""));
  auto found = co_await store_.markers(owner, with, std::move(thread), after, !keep_private_);
  if (!found) {
    log()->warn("smart_markers_read_failed user={} error=\"{}\"", owner, found.error().text);
    co_return Error{ErrorType::kWait, Condition::kInternalServerError, {}};
  }
  xml::Element result("query", std::string(kSmartMarkers));
  result.add_attr_unchecked("peer", peer->to_string());
  for (const auto& marker : *found) result.append(marker_element(marker));
  co_return result;
}

asio::awaitable<HookResult> SmartMarkersModule::remove_user(hooks::UserEvent& event) {
  auto who = jid::Jid::make(event.user, event.host);
  if (!who) co_return HookResult::kContinue;
  auto removed = co_await store_.remove_user(who->to_string());
  if (!removed) log()->warn("smart_markers_remove_failed error=\"{}\"", removed.error().text);
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::smart_markers
