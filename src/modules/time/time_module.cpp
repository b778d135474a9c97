// SPDX-License-Identifier: Apache-2.0
#include "modules/time/time_module.hpp"

#include <fmt/chrono.h>

#include "core/ns.hpp"

namespace meerkat::modules::time {

namespace asio = boost::asio;

namespace {

asio::awaitable<hooks::IqReply> answer_time(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now());
  xml::Element time("time", std::string(ns::kTime));
  // XEP-0202 §4: the server reports UTC, so its offset is zero.
  time.append(xml::Element("tzo", std::string(ns::kTime))).append_text("+00:00");
  time.append(xml::Element("utc", std::string(ns::kTime)))
      .append_text(fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now));
  co_return std::optional<xml::Element>(std::move(time));
}

}  // namespace

TimeModule::TimeModule(ModuleContext& context, config::modules::TimeOptions) {
  context.hooks.iq.add(hooks::IqScope::kServer, std::string(ns::kTime), answer_time);
  context.hooks.server_features.emplace_back(ns::kTime);
}

}  // namespace meerkat::modules::time
