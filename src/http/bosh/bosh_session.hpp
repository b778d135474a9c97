// SPDX-License-Identifier: Apache-2.0
// One BOSH session (XEP-0124, XEP-0206) as the framing of a c2s stream. It lives on one shard:
// requests, which may arrive on any shard's HTTP connections, are posted to it; it holds up to
// `hold` of them, answers each with the stanzas the stream has for the client (or empty after
// `wait`), processes request payloads strictly in rid order, and keeps its last responses for
// clients that retransmit a request whose answer was lost.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/bosh/bosh_body.hpp"
#include "stream/engine/framing.hpp"

namespace meerkat::http::bosh {

class BoshRegistry;

// mod_bosh / service_bosh options.
struct BoshLimits {
  std::optional<std::chrono::seconds> inactivity = std::chrono::seconds{30};  // nullopt: never
  std::optional<std::chrono::seconds> max_wait;  // caps the client's `wait`; nullopt: no cap
  bool server_acks = false;
  std::chrono::seconds max_pause{120};
};

// One HTTP request handed to a session. Created on the HTTP connection's shard; `answer` is
// touched only there. The session reads `rid` and takes `body`'s payload on its own shard.
struct BoshRequest {
  explicit BoshRequest(boost::asio::any_io_executor http_executor)
      : executor(http_executor), answered(http_executor) {}
  boost::asio::any_io_executor executor;  // the HTTP connection's shard
  ClientBody body;
  boost::asio::steady_timer answered;  // cancelled once `answer` is set
  std::optional<std::string> answer;
};
using BoshRequestPtr = std::shared_ptr<BoshRequest>;

class BoshSession final : public stream::Framing,
                          public std::enable_shared_from_this<BoshSession> {
 public:
  // `creation` is the session creation request (§7.1), already validated.
  BoshSession(boost::asio::any_io_executor shard, std::string sid, const ClientBody& creation,
              const BoshLimits& limits, bool secure, BoshRegistry& registry);
  ~BoshSession() override;

  const std::string& sid() const { return sid_; }
  const boost::asio::any_io_executor& executor() const { return shard_; }
  // How long a request may be held; fixed at creation, so readable from any shard.
  std::chrono::seconds wait() const { return wait_; }
  // Takes a request on the session's shard.
  void on_request(BoshRequestPtr request);

  // stream::Framing, used by the c2s stream on the session's shard.
  boost::asio::awaitable<stream::ReadStatus> read(
      std::optional<std::chrono::milliseconds> timeout) override;
  xml::ParseError parse_error() const override { return xml::ParseError::kNone; }
  const std::string& parse_error_text() const override { return no_error_; }
  // A restart arrives as its own request (xmpp:restart), which already carries the new header.
  void restart_stream() override {}
  void set_max_rate(std::optional<std::uint64_t>) override {}
  void open_stream(const xml::StreamHeader& header) override;
  void close_stream() override { terminating_ = true; }
  void send(const xml::Element& element, std::string_view stream_xmlns) override;
  boost::asio::awaitable<bool> flush() override;
  bool is_tls() const override { return secure_; }
  void cancel() override;
  void wake() override;
  boost::asio::awaitable<void> close() override;

 private:
  using Clock = std::chrono::steady_clock;
  struct Held {
    BoshRequestPtr request;
    Clock::time_point deadline;  // answered (empty) by then
  };

  void accept_in_order(BoshRequestPtr request);
  void process(BoshRequestPtr request);
  bool retransmit(const BoshRequestPtr& request);
  void answer(BoshRequestPtr request, std::string body);  // remembered for retransmission
  void post_answer(BoshRequestPtr request, std::string body);
  void answer_oldest(std::string_view content);
  std::string response_for(std::uint64_t rid, std::string_view content);
  void end_with(std::string_view condition);  // a terminal binding error
  void finish();  // answers everything waiting with final_answer_ and leaves the registry
  void expire_held();
  Clock::time_point inactive_at() const;
  std::optional<Clock::time_point> next_deadline(std::optional<Clock::time_point> c2s) const;
  stream::StreamOpened restart_header() const;
  void signal() { signal_.cancel(); }

  boost::asio::any_io_executor shard_;
  std::string sid_;
  BoshRegistry& registry_;
  std::string host_;
  std::string lang_;
  std::chrono::seconds wait_;
  std::uint64_t hold_;
  std::optional<std::chrono::seconds> inactivity_;
  std::chrono::seconds max_pause_;
  bool acks_;
  bool secure_;

  std::uint64_t last_rid_;               // the highest rid processed in order
  std::map<std::uint64_t, BoshRequestPtr> early_;  // arrived ahead of a missing rid
  // Vectors, not deques: both hold a handful of entries, and an empty libstdc++ deque already
  // costs a 512-byte block per session.
  std::vector<Held> held_;  // waiting for something to answer, oldest first
  std::vector<std::pair<std::uint64_t, std::string>> sent_;  // recent answers, to retransmit
  std::vector<stream::StreamEvent> incoming_;  // for the stream's next read()
  std::string output_;                   // serialized stanzas for the next answer
  bool stream_error_ = false;            // the output holds a <stream:error/>
  bool creation_answered_ = false;
  std::string stream_id_;
  Clock::time_point idle_since_ = Clock::now();  // no request held since
  Clock::time_point paused_until_{};
  std::string final_answer_;  // for requests that arrive once the session has ended
  boost::asio::steady_timer signal_;
  bool terminating_ = false;
  bool ended_ = false;  // terminated by the client or by us: no more requests
  bool peer_gone_ = false;  // ended by a binding error: the stream has no peer any more
  bool cancelled_ = false;
  bool woken_ = false;
  std::string no_error_;
};

}  // namespace meerkat::http::bosh
