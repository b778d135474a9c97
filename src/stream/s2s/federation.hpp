// SPDX-License-Identifier: Apache-2.0
// Federation (the s2s side of DESIGN.md's router): one outgoing stream per (local, remote)
// domain pair, opened on first use and reused until it idles out. Stanzas queue while the
// stream is being set up; if it cannot be, they come back to their senders as
// remote-server-not-found or remote-server-timeout errors, and the pair is not tried again
// before a delay that doubles up to s2s.outgoing.max_retry_delay.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/error/error.hpp"
#include "router/remote_route.hpp"
#include "stream/s2s/s2s_out_stream.hpp"
#include "stream/s2s/s2s_resolver.hpp"
#include "stream/s2s/s2s_settings.hpp"

namespace meerkat::stream::s2s {

class Federation final : public router::RemoteRoute {
 public:
  explicit Federation(S2sSettings settings);
  ~Federation() override;
  Federation(const Federation&) = delete;
  Federation& operator=(const Federation&) = delete;

  const S2sSettings& settings() const { return settings_; }

  void send(const jid::Jid& from, const jid::Jid& to, xml::Element stanza) override;

  // XEP-0220 §2.3, as the receiving server: asks `originating`'s authoritative server whether
  // `key` is its key for our stream `stream_id`. Runs on the caller's shard.
  boost::asio::awaitable<bool> verify(std::string receiving, std::string originating,
                                      std::string stream_id, std::string key);

 private:
  using Clock = std::chrono::steady_clock;
  struct Backoff {
    Clock::time_point until;
    std::chrono::seconds delay{0};
  };

  void send_to(const std::string& local, const std::string& remote, xml::Element stanza);
  // The link of the pair, started if there is none; null while the pair is backing off.
  std::shared_ptr<OutgoingLink> link_for(const std::string& local, const std::string& remote);
  boost::asio::awaitable<void> run(std::shared_ptr<OutgoingLink> link);
  void finish(OutgoingLink& link, Outcome outcome, bool was_ready);
  void bounce(boost::asio::any_io_executor executor, xml::Element stanza, Error error);
  boost::asio::awaitable<void> reply_error(xml::Element stanza, Error error);

  S2sSettings settings_;
  Resolver resolver_;
  std::mutex mutex_;  // guards links_ and backoff_; held for lookups only, never across I/O
  std::unordered_map<std::string, std::shared_ptr<OutgoingLink>> links_;
  std::unordered_map<std::string, Backoff> backoff_;
};

}  // namespace meerkat::stream::s2s
