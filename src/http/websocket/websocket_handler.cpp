// SPDX-License-Identifier: Apache-2.0
#include "http/websocket/websocket_handler.hpp"

#include "http/websocket/handshake.hpp"
#include "http/websocket/xmpp_framing.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::http::websocket {

boost::asio::awaitable<std::optional<Response>> WebSocketHandler::handle(Request& request,
                                                                         Exchange& exchange) {
  auto handshake = answer_handshake(request);
  if (!handshake.accepted) co_return std::move(handshake.response);
  auto taken = co_await exchange.take_over(std::move(handshake.response));
  if (!taken) co_return std::nullopt;
  // The upgrade request's headers would otherwise stay allocated for the session's life.
  request = Request();

  XmppFramingOptions framing;
  if (options_.max_stanza_size) {
    framing.parser.max_stanza_size = static_cast<std::size_t>(*options_.max_stanza_size);
  }
  framing.inactivity_timeout = options_.timeout;
  framing.ping_rate = options_.ping_rate;
  framing.release_when_idle = c2s_.listener.common.hibernate_after.has_value();
  auto connection =
      std::make_shared<XmppFraming>(taken->transport, std::move(taken->leftover), framing);
  // Created outside the co_await: GCC 12 mishandles temporaries in a co_await's arguments.
  auto serving = stream::c2s::C2sStream::run(c2s_, std::move(taken->peer), std::move(taken->slot),
                                             std::move(connection));
  co_await std::move(serving);
  co_return std::nullopt;
}

}  // namespace meerkat::http::websocket
