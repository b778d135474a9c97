// SPDX-License-Identifier: Apache-2.0
// mod_websockets: upgrades a request to WebSocket and runs a client stream over it (RFC 7395).
#pragma once

#include "config/listen_options.hpp"
#include "http/server/handler.hpp"
#include "stream/c2s/c2s_settings.hpp"

namespace meerkat::http::websocket {

class WebSocketHandler final : public Handler {
 public:
  // `c2s` holds the handler's c2s options (c2s_state_timeout, backwards_compatible_session,
  // max_stanza_size) and the server's services, as a c2s listener's settings do.
  WebSocketHandler(config::WebSocketHandlerOptions options, stream::c2s::C2sSettings c2s)
      : options_(std::move(options)), c2s_(std::move(c2s)) {}

  boost::asio::awaitable<std::optional<Response>> handle(Request& request,
                                                         Exchange& exchange) override;

 private:
  config::WebSocketHandlerOptions options_;
  stream::c2s::C2sSettings c2s_;
};

}  // namespace meerkat::http::websocket
