// SPDX-License-Identifier: Apache-2.0
// The WebSocket opening handshake, server side (RFC 6455 §4.2), for the `xmpp` subprotocol
// (RFC 7395 §3.1).
#pragma once

#include <string>
#include <string_view>

#include "http/server/handler.hpp"

namespace meerkat::http::websocket {

struct Handshake {
  bool accepted = false;
  Response response;  // 101 Switching Protocols when accepted, else the error to send
};

Handshake answer_handshake(const Request& request);

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key.
std::string accept_key(std::string_view client_key);

}  // namespace meerkat::http::websocket
