// SPDX-License-Identifier: Apache-2.0
#include "modules/version/version_module.hpp"

#include <sys/utsname.h>

#include "core/ns.hpp"

namespace meerkat::modules::version {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kServerName = "Meerkat";
constexpr std::string_view kServerVersion = "0.1.0";

xml::Element text_child(std::string name, std::string_view text) {
  xml::Element child(std::move(name), std::string(ns::kVersion));
  child.append_text(text);
  return child;
}

}  // namespace

VersionModule::VersionModule(ModuleContext& context, config::modules::VersionOptions options) {
  if (options.os_info) {
    utsname info{};
    if (uname(&info) == 0) os_ = std::string(info.sysname) + " " + info.release;
  }
  context.hooks.iq.add(
      hooks::IqScope::kServer, std::string(ns::kVersion),
      [this](hooks::IqRequest& request) -> asio::awaitable<hooks::IqReply> {
        if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
        xml::Element query("query", std::string(ns::kVersion));
        query.append(text_child("name", kServerName));
        query.append(text_child("version", kServerVersion));
        if (!os_.empty()) query.append(text_child("os", os_));
        co_return std::optional<xml::Element>(std::move(query));
      });
  context.hooks.server_features.emplace_back(ns::kVersion);
}

}  // namespace meerkat::modules::version
