// SPDX-License-Identifier: Apache-2.0
// The router's view of a bound client session (STYLE.md: the router owns this interface, the
// c2s stream implements it). Deliveries from any shard are posted to the session's shard.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/stanza/stream_error.hpp"
#include "core/xml/element.hpp"

namespace meerkat::router {

class SessionSink {
 public:
  virtual ~SessionSink() = default;
  // A stanza for this session's client; called on the session's shard.
  virtual void deliver(xml::Element stanza) = 0;
  // The session must end with this stream error: <conflict/> when another session bound the
  // same full JID (RFC 6120 §7.7.2.2), <not-authorized/> when its account was removed.
  virtual void terminate(stanza::StreamErrorCondition condition, std::string text) = 0;
};

// Shared by a session and every delivery posted to it (the one place where lifetime is truly
// shared): a delivery that lands after the session ended finds `sink == nullptr` instead of a
// dangling pointer. Touched only on `executor`, the session's shard.
// Where a session comes from, for the admin API's session listings.
struct SessionOrigin {
  std::string connection = "c2s";  // "c2s", or "graphql_sse" for an API subscription
  std::string ip;                  // empty for unix-domain sockets
  std::uint16_t port = 0;
  std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
};

struct SessionHandle {
  boost::asio::any_io_executor executor;
  SessionSink* sink = nullptr;
  SessionOrigin origin = {};
};
using SessionHandlePtr = std::shared_ptr<SessionHandle>;

}  // namespace meerkat::router
