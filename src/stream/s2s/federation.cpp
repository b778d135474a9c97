// SPDX-License-Identifier: Apache-2.0
#include "stream/s2s/federation.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "observability/log.hpp"

namespace meerkat::stream::s2s {

namespace asio = boost::asio;

namespace {

const auto& log() {
  static const auto logger = observability::logger("s2s");
  return logger;
}

constexpr std::chrono::seconds kFirstRetryDelay{1};

std::string pair_key(const std::string& local, const std::string& remote) {
  return local + ' ' + remote;
}

Error bounce_error(Outcome outcome, const std::string& remote) {
  if (outcome == Outcome::kTimedOut) {
    return {ErrorType::kWait, Condition::kRemoteServerTimeout, remote + " did not answer in time"};
  }
  return {ErrorType::kCancel, Condition::kRemoteServerNotFound, remote + " cannot be reached"};
}

}  // namespace

Federation::Federation(S2sSettings settings)
    : settings_(std::move(settings)), resolver_(settings_.options.outgoing) {}

Federation::~Federation() = default;

void Federation::send(const jid::Jid& from, const jid::Jid& to, xml::Element stanza) {
  std::string remote(to.domain());
  // Only what this server is authoritative for can be proven to a peer (a component without
  // check_from may claim any domain).
  if (!settings_.router->serves(from.domain())) {
    log()->info("s2s_out_refused from={} to={} reason=\"not a domain served here\"",
                from.domain(), remote);
    return;
  }
  auto executor = settings_.shards->next().get_executor();
  if (!settings_.allows(remote)) {
    bounce(executor, std::move(stanza),
           {ErrorType::kCancel, Condition::kRemoteServerNotFound,
            "federation with " + remote + " is not allowed"});
    return;
  }
  send_to(std::string(from.domain()), remote, std::move(stanza));
}

void Federation::send_to(const std::string& local, const std::string& remote, xml::Element stanza) {
  auto link = link_for(local, remote);
  if (!link) {
    bounce(settings_.shards->next().get_executor(), std::move(stanza),
           {ErrorType::kWait, Condition::kRemoteServerNotFound,
            remote + " could not be reached recently; it will be tried again later"});
    return;
  }
  asio::post(link->executor, [this, link, stanza = std::move(stanza)]() mutable {
    if (link->closed) {  // the stream ended after the lookup: the next one takes it
      send_to(link->local, link->remote, std::move(stanza));
      return;
    }
    link->queue.push_back(std::move(stanza));
    if (link->connection) link->connection->wake();
  });
}

std::shared_ptr<OutgoingLink> Federation::link_for(const std::string& local,
                                                   const std::string& remote) {
  auto key = pair_key(local, remote);
  std::lock_guard lock(mutex_);
  if (auto found = links_.find(key); found != links_.end()) return found->second;
  if (auto backing_off = backoff_.find(key);
      backing_off != backoff_.end() && Clock::now() < backing_off->second.until) {
    return nullptr;
  }
  auto link = std::make_shared<OutgoingLink>();
  link->executor = settings_.shards->next().get_executor();
  link->local = local;
  link->remote = remote;
  links_.emplace(key, link);
  net::spawn_owned(*settings_.tasks, link->executor, run(link), "s2s out " + key);
  return link;
}

asio::awaitable<void> Federation::run(std::shared_ptr<OutgoingLink> link) {
  OutgoingStream stream(settings_, resolver_, link->local, link->remote);
  std::optional<net::RegisteredConnection> registered;
  if (settings_.registry) registered.emplace(*settings_.registry, link->executor, stream);
  auto outcome = co_await stream.establish();
  bool ready = outcome == Outcome::kReady;
  if (ready) {
    log()->info("s2s_out_established local={} remote={} address={}", link->local, link->remote,
                stream.address());
    co_await stream.serve(*link);
    log()->info("s2s_out_closed local={} remote={}", link->local, link->remote);
  } else {
    log()->info("s2s_out_failed local={} remote={} address={} outcome={}", link->local,
                link->remote, stream.address().empty() ? "none" : stream.address(),
                to_string(outcome));
  }
  co_await stream.close();
  // A stream that worked and ended (idle, or the peer left) hands what it still holds to the
  // next one; one that never worked, or ends because the server stops, bounces it.
  finish(*link, outcome, ready && !stream.stopped());
}

void Federation::finish(OutgoingLink& link, Outcome outcome, bool hand_over) {
  auto key = pair_key(link.local, link.remote);
  {
    std::lock_guard lock(mutex_);
    if (auto found = links_.find(key); found != links_.end() && found->second.get() == &link) {
      links_.erase(found);
    }
    if (outcome == Outcome::kReady) {
      backoff_.erase(key);
    } else {
      auto& backoff = backoff_[key];
      backoff.delay = std::clamp(backoff.delay * 2, std::chrono::seconds(kFirstRetryDelay),
                                 settings_.options.outgoing.max_retry_delay);
      backoff.until = Clock::now() + backoff.delay;
    }
  }
  link.closed = true;
  for (auto& stanza : std::exchange(link.queue, {})) {
    if (hand_over) {
      send_to(link.local, link.remote, std::move(stanza));
    } else {
      bounce(link.executor, std::move(stanza), bounce_error(outcome, link.remote));
    }
  }
}

asio::awaitable<bool> Federation::verify(std::string receiving, std::string originating,
                                         std::string stream_id, std::string key) {
  if (!settings_.allows(originating)) co_return false;
  OutgoingStream stream(settings_, resolver_, receiving, originating);
  bool valid = co_await stream.verify(std::move(stream_id), std::move(key));
  co_await stream.close();
  co_return valid;
}

void Federation::bounce(asio::any_io_executor executor, xml::Element stanza, Error error) {
  net::spawn_owned(*settings_.tasks, executor, reply_error(std::move(stanza), std::move(error)),
                   "s2s bounce");
}

asio::awaitable<void> Federation::reply_error(xml::Element stanza, Error error) {
  co_await settings_.router->reply_error(stanza, std::move(error));
}

}  // namespace meerkat::stream::s2s
