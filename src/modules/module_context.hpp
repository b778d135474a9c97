// SPDX-License-Identifier: Apache-2.0
// What a module gets when it starts (STYLE.md "Modules and hooks"): the hook catalog to
// register on, the router to send stanzas, the stores and the server's configuration. Modules
// register only at start-up, before the shards run.
#pragma once

#include <string>
#include <vector>

#include "auth/authenticator.hpp"
#include "config/config.hpp"
#include "core/xml/element.hpp"
#include "hooks/server_hooks.hpp"
#include "net/spawn.hpp"
#include "router/router.hpp"
#include "storage/stores.hpp"

namespace meerkat::modules {

struct ModuleContext {
  const config::Config& config;
  hooks::ServerHooks& hooks;
  router::Router& router;
  storage::Stores& stores;
  auth::Authenticator& authenticator;
  net::TaskGroup& tasks;
  std::string data_dir = {};  // where modules keep files (mod_http_upload's local backend)
};

// A running module. Its constructor registers everything it serves; the hooks it registered
// live as long as the server, and so does the module.
class Module {
 public:
  virtual ~Module() = default;
};

// An IQ stanza to the client's session: from/to as given, type "result" or "set" etc.
xml::Element make_iq(std::string_view type, std::string id, std::string from, std::string to);

}  // namespace meerkat::modules
