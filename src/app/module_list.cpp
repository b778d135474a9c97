// SPDX-License-Identifier: Apache-2.0
#include "app/module_list.hpp"

#include <array>
#include <string>

#include "app/server.hpp"
#include "modules/auth_token/auth_token_module.hpp"
#include "modules/blocking/blocking_module.hpp"
#include "modules/caps/caps_module.hpp"
#include "modules/carboncopy/carboncopy_module.hpp"
#include "modules/csi/csi_module.hpp"
#include "modules/disco/disco_module.hpp"
#include "modules/event_pusher/push_module.hpp"
#include "modules/fast_auth_token/fast_auth_token_module.hpp"
#include "modules/http_upload/http_upload_module.hpp"
#include "modules/last/last_module.hpp"
#include "modules/mam/mam_module.hpp"
#include "modules/offline/offline_module.hpp"
#include "modules/ping/ping_module.hpp"
#include "modules/presence/presence_module.hpp"
#include "modules/private_storage/private_module.hpp"
#include "modules/pubsub/pep_module.hpp"
#include "modules/register/register_module.hpp"
#include "modules/roster/roster_module.hpp"
#include "modules/sasl2/sasl2_modules.hpp"
#include "modules/smart_markers/smart_markers_module.hpp"
#include "modules/stanzaid/stanzaid_module.hpp"
#include "modules/stream_management/stream_management_module.hpp"
#include "modules/time/time_module.hpp"
#include "modules/vcard/vcard_module.hpp"
#include "modules/version/version_module.hpp"

namespace meerkat::app {

namespace {

// mod_bosh and mod_websockets are served by the HTTP listener's handlers, not as modules.
constexpr std::array<std::string_view, 29> kImplemented{"mod_auth_token",
                                                        "mod_bind2",
                                                        "mod_blocking",
                                                        "mod_bosh",
                                                        "mod_caps",
                                                        "mod_carboncopy",
                                                        "mod_csi",
                                                        "mod_disco",
                                                        "mod_event_pusher",
                                                        "mod_fast_auth_token",
                                                        "mod_http_upload",
                                                        "mod_keystore",
                                                        "mod_last",
                                                        "mod_mam",
                                                        "mod_offline",
                                                        "mod_ping",
                                                        "mod_presence",
                                                        "mod_private",
                                                        "mod_pubsub",
                                                        "mod_register",
                                                        "mod_roster",
                                                        "mod_sasl2",
                                                        "mod_smart_markers",
                                                        "mod_stanzaid",
                                                        "mod_stream_management",
                                                        "mod_time",
                                                        "mod_vcard",
                                                        "mod_version",
                                                        "mod_websockets"};

void check(const config::modules::ModulesOptions& modules, const std::string& where) {
  for (const auto& name : modules.enabled) {
    if (!is_implemented_module(name)) {
      throw StartupError(where + "." + name +
                         ": the module's options are valid, but the module is not implemented "
                         "yet; remove it to start");
    }
  }
  // Of mod_event_pusher's backends only push (XEP-0357) is implemented.
  if (const auto& pusher = modules.mod_event_pusher) {
    auto refuse = [&where](const char* backend) {
      throw StartupError(where + ".mod_event_pusher." + backend +
                         ": this backend is not implemented yet; only push is");
    };
    if (pusher->http) refuse("http");
    if (pusher->sns) refuse("sns");
    if (pusher->rabbit) refuse("rabbit");
    if (pusher->push &&
        pusher->push->plugin_module != config::modules::PushBackendOptions{}.plugin_module) {
      throw StartupError(where + ".mod_event_pusher.push.plugin_module: only the default, " +
                         config::modules::PushBackendOptions{}.plugin_module + ", is implemented");
    }
  }
}

template <class ModuleT, class Options>
void start_if_enabled(std::vector<std::unique_ptr<modules::Module>>& running,
                      modules::ModuleContext& context, const std::optional<Options>& options) {
  if (options) running.push_back(std::make_unique<ModuleT>(context, *options));
}

}  // namespace

bool is_implemented_module(std::string_view name) {
  for (auto implemented : kImplemented) {
    if (implemented == name) return true;
  }
  return false;
}

void check_modules_implemented(const config::Config& config) {
  check(config.modules, "modules");
  for (std::size_t i = 0; i < config.host_config.size(); ++i) {
    if (const auto& modules = config.host_config[i].modules) {
      check(*modules, "host_config[" + std::to_string(i + 1) + "].modules");
    }
  }
}

std::vector<std::unique_ptr<modules::Module>> start_modules(modules::ModuleContext& context) {
  // TODO(#3): host_config module sets; today every module serves every host.
  const auto& enabled = context.config.modules;
  std::vector<std::unique_ptr<modules::Module>> running;
  // RFC 6121 presence is not optional: mod_presence's options only tune it.
  running.push_back(std::make_unique<modules::presence::PresenceModule>(context));
  start_if_enabled<modules::roster::RosterModule>(running, context, enabled.mod_roster);
  start_if_enabled<modules::offline::OfflineModule>(running, context, enabled.mod_offline);
  start_if_enabled<modules::ping::PingModule>(running, context, enabled.mod_ping);
  start_if_enabled<modules::disco::DiscoModule>(running, context, enabled.mod_disco);
  start_if_enabled<modules::version::VersionModule>(running, context, enabled.mod_version);
  start_if_enabled<modules::time::TimeModule>(running, context, enabled.mod_time);
  start_if_enabled<modules::last::LastModule>(running, context, enabled.mod_last);
  start_if_enabled<modules::private_storage::PrivateModule>(running, context,
                                                            enabled.mod_private);
  start_if_enabled<modules::vcard::VcardModule>(running, context, enabled.mod_vcard);
  start_if_enabled<modules::blocking::BlockingModule>(running, context, enabled.mod_blocking);
  start_if_enabled<modules::carboncopy::CarboncopyModule>(running, context,
                                                          enabled.mod_carboncopy);
  start_if_enabled<modules::csi::CsiModule>(running, context, enabled.mod_csi);
  if (enabled.mod_mam && enabled.mod_mam->pm) {
    auto mam = *enabled.mod_mam;
    if (enabled.mod_stanzaid) {
      // MongooseIM: mod_stanzaid overrides these, so both peers see one id, always stamped.
      mam.pm->same_mam_id_for_peers = true;
      mam.pm->archive.no_stanzaid_element = false;
    }
    running.push_back(std::make_unique<modules::mam::MamModule>(context, std::move(mam)));
  }
  start_if_enabled<modules::caps::CapsModule>(running, context, enabled.mod_caps);
  start_if_enabled<modules::http_upload::HttpUploadModule>(running, context,
                                                           enabled.mod_http_upload);
  if (enabled.mod_event_pusher && enabled.mod_event_pusher->push) {
    running.push_back(std::make_unique<modules::event_pusher::PushModule>(
        context, *enabled.mod_event_pusher->push));
  }
  if (enabled.mod_pubsub) {
    if (!context.stores.pubsub)
      throw StartupError("modules.mod_pubsub: the storage has no PEP tables");
    running.push_back(std::make_unique<modules::pubsub::PepModule>(context, *enabled.mod_pubsub));
  }
  start_if_enabled<modules::stream_management::StreamManagementModule>(
      running, context, enabled.mod_stream_management);
  start_if_enabled<modules::register_::RegisterModule>(running, context, enabled.mod_register);
  start_if_enabled<modules::stanzaid::StanzaidModule>(running, context, enabled.mod_stanzaid);
  if (enabled.mod_smart_markers) {
    if (!context.stores.smart_markers) {
      throw StartupError("modules.mod_smart_markers: the storage has no marker table");
    }
    running.push_back(std::make_unique<modules::smart_markers::SmartMarkersModule>(
        context, *enabled.mod_smart_markers));
  }
  start_if_enabled<modules::sasl2::Sasl2Module>(running, context, enabled.mod_sasl2);
  start_if_enabled<modules::sasl2::Bind2Module>(running, context, enabled.mod_bind2);
  if (enabled.mod_auth_token) {
    if (!context.stores.auth_tokens) {
      throw StartupError("modules.mod_auth_token: the storage has no token table");
    }
    running.push_back(std::make_unique<modules::auth_token::AuthTokenModule>(
        context, *enabled.mod_auth_token, enabled.mod_keystore));
  }
  if (enabled.mod_fast_auth_token) {
    if (!context.stores.fast_tokens) {
      throw StartupError("modules.mod_fast_auth_token: the storage has no token table");
    }
    running.push_back(std::make_unique<modules::fast_auth_token::FastAuthTokenModule>(
        context, *enabled.mod_fast_auth_token));
  }
  return running;
}

}  // namespace meerkat::app
