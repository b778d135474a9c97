// SPDX-License-Identifier: Apache-2.0
#include "modules/last/last_module.hpp"

#include "core/ns.hpp"

namespace meerkat::modules::last {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

xml::Element last_query(std::int64_t seconds, std::string_view status = {}) {
  xml::Element query("query", std::string(ns::kLast));
  query.add_attr_unchecked("seconds", std::to_string(seconds));
  if (!status.empty()) query.append_text(status);
  return query;
}

bool is_subscribed_to(const storage::RosterItem& item) {
  return item.subscription == storage::Subscription::kFrom ||
         item.subscription == storage::Subscription::kBoth;
}

}  // namespace

LastModule::LastModule(ModuleContext& context, config::modules::LastOptions)
    : context_(context) {
  context.hooks.iq.add(hooks::IqScope::kServer, std::string(ns::kLast),
                       [this](hooks::IqRequest& request) -> asio::awaitable<hooks::IqReply> {
                         if (!request.is_get()) {
                           co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
                         }
                         // XEP-0012 §5: to a server, the time since it started.
                         auto up = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::steady_clock::now() - started_);
                         co_return std::optional<xml::Element>(last_query(up.count()));
                       });
  context.hooks.iq.add(hooks::IqScope::kUser, std::string(ns::kLast),
                       [this](hooks::IqRequest& request) { return user_last(request); });
  context.hooks.user_presence.add(std::string(kName), hooks::kPriorityDefault,
                                  [this](hooks::PresenceEvent& event) { return record(event); });
  context.hooks.server_features.emplace_back(ns::kLast);
}

asio::awaitable<hooks::IqReply> LastModule::user_last(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  auto owner = request.to.bare();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  if (!request.is_from_owner()) {
    // XEP-0012 §4: only contacts subscribed to the user's presence may ask.
    auto asker = request.from.bare().to_string();
    auto lookup = context_.stores.roster->item(user, host, asker);  // copies made here
    auto item = co_await std::move(lookup);
    if (!item) co_return item.error();
    if (!*item || !is_subscribed_to(**item)) {
      co_return Error{ErrorType::kAuth, Condition::kForbidden, {}};
    }
  }
  for (const auto& session : context_.router.sessions().sessions(owner)) {
    if (session.available) co_return std::optional<xml::Element>(last_query(0));
  }
  auto last = co_await context_.stores.last->get(std::move(user), std::move(host));
  if (!last) co_return last.error();
  if (!*last) co_return Error{ErrorType::kCancel, Condition::kServiceUnavailable, {}};
  auto seconds = std::max<std::int64_t>(0, now_seconds() - (*last)->seconds_since_epoch);
  co_return std::optional<xml::Element>(last_query(seconds, (*last)->status));
}

asio::awaitable<HookResult> LastModule::record(hooks::PresenceEvent& event) {
  if (event.is_available) co_return HookResult::kContinue;
  auto owner = event.from.bare();
  for (const auto& session : context_.router.sessions().sessions(owner)) {
    if (session.available) co_return HookResult::kContinue;  // still online elsewhere
  }
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  // Anonymous and just-removed accounts leave no trace.
  auto lookup = context_.authenticator.account_exists(user, host);
  auto exists = co_await std::move(lookup);
  if (!exists || !*exists) co_return HookResult::kContinue;
  storage::LastActivity activity{now_seconds(),
                                 event.presence.child_text("status", ns::kClient)};
  co_await context_.stores.last->set(std::move(user), std::move(host), std::move(activity));
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::last
