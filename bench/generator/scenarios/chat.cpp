// SPDX-License-Identifier: Apache-2.0
// chat: users in pairs (user 2k and 2k+1) send each other one-to-one messages, either at a fixed
// aggregate rate or as fast as a window of messages in flight per sender allows. Every body
// carries a sequence number and the send time: the receiver counts losses and duplicates and
// records the delivery latency.
#include <charconv>
#include <chrono>

#include "../latency_histogram.hpp"
#include "../process_stats.hpp"
#include "scenario.hpp"

namespace meerkat::bench {

namespace {

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

class ChatTraffic : public ElementHandler {
 public:
  explicit ChatTraffic(WorkerContext& context)
      : context_(context), users_(context.sessions().size()) {
    padding_.assign(static_cast<std::size_t>(std::max(0, context.options.body_size - 30)), 'x');
  }

  void on_element(Session& session, std::string_view element) override;
  // Sends the next message of user `local` to its partner.
  void send_one(std::size_t local);

  boost::json::object report() const;
  bool sending = false;
  bool saturate = false;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;

 private:
  struct User {
    std::uint64_t next_seq = 0;  // of the messages this user sends
    std::uint64_t expected = 0;  // of the messages from the partner
  };

  WorkerContext& context_;
  std::vector<User> users_;
  std::string padding_;
  std::string stanza_;
  LatencyHistogram latency_;
  std::uint64_t duplicated_ = 0;
  std::uint64_t reordered_ = 0;
  double first_send_ = 0;
  double last_receive_ = 0;
};

void ChatTraffic::send_one(std::size_t local) {
  auto& session = *context_.sessions()[local];
  auto& partner = *context_.sessions()[local ^ 1];
  auto seq = users_[local].next_seq++;
  char numbers[48];
  auto end = std::to_chars(numbers, numbers + 24, seq).ptr;
  *end++ = ' ';
  end = std::to_chars(end, numbers + sizeof numbers, now_ns()).ptr;
  stanza_.assign("<message type='chat' to='");
  stanza_.append(partner.bare_jid());
  stanza_.append("'><body>");
  stanza_.append(numbers, end);
  stanza_.push_back(' ');
  stanza_.append(padding_);
  stanza_.append("</body></message>");
  if (sent++ == 0) first_send_ = monotonic_seconds();
  session.send(stanza_);
}

void ChatTraffic::on_element(Session& session, std::string_view element) {
  if (!is_tag(element, "message")) return;
  auto body = element.find("<body>");
  if (body == std::string_view::npos) return;
  const char* at = element.data() + body + 6;
  const char* limit = element.data() + element.size();
  std::uint64_t seq = 0;
  std::uint64_t stamp = 0;
  at = std::from_chars(at, limit, seq).ptr;
  std::from_chars(at + 1, limit, stamp);
  latency_.record((now_ns() - stamp) / 1000);
  auto local = static_cast<std::size_t>(context_.local_index(session));
  auto& user = users_[local];
  if (seq < user.expected) {
    ++duplicated_;
    return;
  }
  if (seq > user.expected) ++reordered_;
  user.expected = seq + 1;
  ++received;
  last_receive_ = monotonic_seconds();
  if (saturate && sending) send_one(local ^ 1);  // the sender gets its window slot back
}

boost::json::object ChatTraffic::report() const {
  return {{"sent", sent},
          {"received", received},
          {"duplicated", duplicated_},
          {"reordered", reordered_},
          {"first_send", first_send_},
          {"last_receive", last_receive_},
          {"latency", latency_.to_json()},
          {"cpu", own_cpu_seconds()}};
}

boost::asio::awaitable<void> pace(WorkerContext& context, ChatTraffic& traffic) {
  const auto& options = context.options;
  auto users = context.sessions().size();
  double share = options.rate * static_cast<double>(users) / options.sessions;
  double start = monotonic_seconds();
  std::size_t next = 0;
  while (monotonic_seconds() - start < options.duration) {
    auto due = static_cast<std::uint64_t>((monotonic_seconds() - start) * share);
    while (traffic.sent < due) traffic.send_one(next++ % users);
    co_await context.sleep(0.001);
  }
}

boost::asio::awaitable<void> chat_worker(WorkerContext& context) {
  ChatTraffic traffic(context);
  co_await context.expect("login");
  context.parent.report(co_await context.login_all({}, traffic));
  co_await context.expect("go");
  double cpu_before = own_cpu_seconds();
  traffic.sending = true;
  traffic.saturate = context.options.rate <= 0;
  if (traffic.saturate) {
    for (int round = 0; round < context.options.window; ++round) {
      for (std::size_t local = 0; local < context.sessions().size(); ++local) {
        traffic.send_one(local);
      }
    }
    co_await context.sleep(context.options.duration);
  } else {
    co_await pace(context, traffic);
  }
  traffic.sending = false;
  for (int i = 0; i < 1000 && traffic.received < traffic.sent; ++i) co_await context.sleep(0.01);
  auto report = traffic.report();
  report["cpu"] = own_cpu_seconds() - cpu_before;
  context.parent.report(report);
  co_await context.expect("stop");
  co_await context.close_all();
  context.parent.report({});
}

void add_latency_rows(Report& report, const std::vector<boost::json::object>& results) {
  LatencyHistogram latency;
  for (const auto& result : results)
    latency.merge(LatencyHistogram::from_json(result.at("latency")));
  for (auto [name, fraction] : {std::pair{"latency_p50_ms", 0.5}, std::pair{"latency_p90_ms", 0.9},
                                std::pair{"latency_p99_ms", 0.99}}) {
    report.emplace_back(name,
                        round_to(static_cast<double>(latency.percentile(fraction)) / 1000, 3));
  }
  report.emplace_back("latency_max_ms", round_to(static_cast<double>(latency.max()) / 1000, 3));
}

Report chat_parent(const Options& options, WorkerPool& pool) {
  pool.broadcast("login");
  auto logins = pool.gather();
  check_reports(logins);
  Report report;
  add_login_rows(report, logins);
  if (sum_of(logins, "failed") > 0)
    throw std::runtime_error("logins failed: " + first_error(logins));
  auto cpu_before = cpu_seconds(options.server_pid);
  pool.broadcast("go");
  auto results = pool.gather();
  check_reports(results);
  auto cpu_after = cpu_seconds(options.server_pid);
  auto sent = sum_of(results, "sent");
  auto received = sum_of(results, "received");
  auto seconds = max_of(results, "last_receive") - min_of(results, "first_send");
  report.emplace_back("target_rate", options.rate > 0 ? boost::json::value(options.rate)
                                                      : boost::json::value("saturate"));
  report.emplace_back("sent", static_cast<long>(sent));
  report.emplace_back("delivered", static_cast<long>(received));
  report.emplace_back("delivered_per_s", round_to(seconds > 0 ? received / seconds : 0, 0));
  add_server_cpu_rows(report, cpu_before, cpu_after, received, 1e5, "100k");
  add_latency_rows(report, results);
  report.emplace_back("lost", static_cast<long>(sent - received));
  report.emplace_back("duplicated", static_cast<long>(sum_of(results, "duplicated")));
  report.emplace_back("generator_cpu_s", round_to(sum_of(results, "cpu"), 3));
  if (received > 0) {
    report.emplace_back("generator_cpu_s_per_100k",
                        round_to(sum_of(results, "cpu") / received * 1e5, 4));
  }
  pool.broadcast("stop");
  pool.gather();
  return report;
}

}  // namespace

const Scenario kChatScenario{"chat", chat_worker, chat_parent};

}  // namespace meerkat::bench
