// SPDX-License-Identifier: Apache-2.0
#include "modules/ping/ping_module.hpp"

#include "core/ns.hpp"

namespace meerkat::modules::ping {

namespace asio = boost::asio;

namespace {

asio::awaitable<hooks::IqReply> answer_ping(hooks::IqRequest& request) {
  // XEP-0199 §4: a ping is a get; anything else is a bad request.
  if (!request.is_get()) co_return Error::bad_request("ping is a get");
  co_return std::optional<xml::Element>{};
}

}  // namespace

PingModule::PingModule(ModuleContext& context, config::modules::PingOptions options)
    : options_(std::move(options)) {
  context.hooks.iq.add(hooks::IqScope::kServer, std::string(ns::kPing), answer_ping);
  context.hooks.iq.add(hooks::IqScope::kUser, std::string(ns::kPing), answer_ping);
  context.hooks.server_features.emplace_back(ns::kPing);
  if (options_.send_pings) {
    context.hooks.client_ping = hooks::ClientPingPolicy{
        options_.ping_interval, options_.ping_req_timeout,
        options_.timeout_action == config::modules::PingTimeoutAction::kKill};
  }
}

}  // namespace meerkat::modules::ping
