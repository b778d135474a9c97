// SPDX-License-Identifier: Apache-2.0
#include "http/bosh/bosh_handler.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/jid/jid.hpp"
#include "core/stanza/id.hpp"
#include "observability/log.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::http::bosh {

namespace asio = boost::asio;
using Field = beast_http::field;

namespace {

const auto& log() {
  static const auto logger = observability::logger("bosh");
  return logger;
}

// A held request is answered within `wait`; past this much more, its session is gone.
constexpr std::chrono::seconds kAnswerGrace{30};

// Browsers on other origins may use the endpoint (Converse.js, Strophe.js).
void allow_cross_origin(Response& response) {
  response.set(Field::access_control_allow_origin, "*");
  response.set(Field::access_control_allow_headers, "Content-Type");
  response.set(Field::access_control_allow_methods, "POST, OPTIONS");
}

Response bosh_response(const Request& request, Status status, std::string body) {
  auto response = make_response(request, status, std::move(body), "text/xml; charset=utf-8");
  allow_cross_origin(response);
  return response;
}

asio::awaitable<void> run_stream(const stream::c2s::C2sSettings& settings,
                                 net::PeerAddress peer, std::shared_ptr<BoshSession> session) {
  return stream::c2s::C2sStream::run(settings, std::move(peer), net::ConnectionSlot{},
                                     std::move(session));
}

}  // namespace

std::shared_ptr<BoshSession> BoshHandler::create_session(
    const ClientBody& body, Exchange& exchange, const asio::any_io_executor& shard) {
  auto host = jid::Jid::nameprep(body.to);
  if (!host || !c2s_.router->is_local_host(*host)) return nullptr;
  auto creation = body;
  creation.to = *host;
  auto sid = stanza::make_id() + stanza::make_id();
  auto session = std::make_shared<BoshSession>(shard, std::move(sid), creation, limits_,
                                               exchange.is_tls(), registry_);
  registry_.add(session);
  net::spawn_owned(tasks_, shard, run_stream(c2s_, exchange.peer(), session), "bosh session");
  log()->debug("bosh_session_created peer={} host={} sid={}", exchange.peer().to_string(), *host,
               session->sid());
  return session;
}

asio::awaitable<std::optional<Response>> BoshHandler::handle(Request& request,
                                                             Exchange& exchange) {
  if (request.method() == beast_http::verb::options) {
    auto response = bosh_response(request, Status::ok, {});
    response.set(Field::access_control_max_age, "86400");
    co_return response;
  }
  if (request.method() != beast_http::verb::post) {
    auto response = bosh_response(request, Status::method_not_allowed,
                                  render_terminate("bad-request"));
    response.set(Field::allow, "POST, OPTIONS");
    co_return response;
  }
  auto body = parse_client_body(request.body());
  if (!body) {
    log()->debug("bosh_bad_request peer={} error=\"{}\"", exchange.peer().to_string(),
                 body.error().text);
    co_return bosh_response(request, Status::bad_request, render_terminate("bad-request"));
  }
  std::string().swap(request.body());  // parsed: not kept while the request is held
  auto shard = co_await asio::this_coro::executor;
  std::shared_ptr<BoshSession> session;
  if (body->sid) {
    session = registry_.find(*body->sid);
    if (!session) co_return bosh_response(request, Status::ok, render_terminate("item-not-found"));
  } else {
    session = create_session(*body, exchange, shard);
    if (!session) co_return bosh_response(request, Status::ok, render_terminate("host-unknown"));
  }
  auto pending = std::make_shared<BoshRequest>(shard);
  pending->body = std::move(*body);
  pending->answered.expires_after(session->wait() + kAnswerGrace);
  asio::post(session->executor(), [session, pending] { session->on_request(pending); });
  session.reset();  // the session may end while we wait; it must not outlive its shard here
  // Shutdown: the session answers as it stops, unless its shard has stopped first.
  exchange.on_stop([pending] { pending->answered.cancel(); });
  co_await pending->answered.async_wait(asio::as_tuple(asio::use_awaitable));
  exchange.on_stop({});
  auto answer = pending->answer ? std::move(*pending->answer) : render_terminate("item-not-found");
  co_return bosh_response(request, Status::ok, std::move(answer));
}

}  // namespace meerkat::http::bosh
