// SPDX-License-Identifier: Apache-2.0
// What a client stream needs from the server: its listener's options, the served hosts and
// the listener's TLS context. One per c2s listener, read-only once the server runs.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "config/listen_options.hpp"
#include "net/connection_registry.hpp"

namespace meerkat::stream::c2s {

struct C2sSettings {
  config::C2sListenerOptions listener;
  std::vector<std::string> hosts;  // nameprep'd, as in general.hosts
  std::string language = "en";     // general.language: xml:lang of our stream headers
  // general.hide_service_name: a peer that never sent a valid stream header gets the
  // connection closed, not our header and a stream error that would identify the server.
  bool hide_service_name = false;
  // Set when the listener has a `tls` section; shared by every stream of the listener.
  std::shared_ptr<boost::asio::ssl::context> tls;
  net::ConnectionRegistry* registry = nullptr;  // where streams register for shutdown
};

}  // namespace meerkat::stream::c2s
