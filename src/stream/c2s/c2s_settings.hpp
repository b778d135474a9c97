// SPDX-License-Identifier: Apache-2.0
// What a client stream needs from the server: its listener's options, the served hosts, the
// listener's TLS context and the server-wide services (auth, router, hooks). One per c2s
// listener, read-only once the server runs.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "auth/authenticator.hpp"
#include "config/access_options.hpp"
#include "config/listen_options.hpp"
#include "hooks/server_hooks.hpp"
#include "net/connection_registry.hpp"
#include "router/router.hpp"
#include "stream/c2s/resumption_table.hpp"

namespace meerkat::stream::c2s {

struct C2sSettings {
  config::C2sListenerOptions listener;
  // Nameprep'd general.hosts; the first names us to a client that gave no host. Which hosts
  // are served, dynamic domains included, is the router's answer.
  std::vector<std::string> hosts;
  std::string language = "en";     // general.language: xml:lang of our stream headers
  // general.hide_service_name: a peer that never sent a valid stream header gets the
  // connection closed, not our header and a stream error that would identify the server.
  bool hide_service_name = false;
  // general.max_fsm_queue, overridden per listener: stanzas waiting to be written to one
  // client before it is disconnected as too slow. Unset: no bound.
  std::optional<std::uint64_t> max_fsm_queue;
  // Set when the listener has a `tls` section; shared by every stream of the listener.
  std::shared_ptr<boost::asio::ssl::context> tls;
  net::ConnectionRegistry* registry = nullptr;  // where streams register for shutdown
  auth::Authenticator* authenticator = nullptr;
  const config::ShaperMap* shapers = nullptr;  // the `shaper` section, for listener.shaper
  router::Router* router = nullptr;
  // XEP-0198 resumption ids, shared by every client listener; null: sessions cannot resume.
  ResumptionTable* resumption = nullptr;
};

}  // namespace meerkat::stream::c2s
