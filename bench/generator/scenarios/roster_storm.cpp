// SPDX-License-Identifier: Apache-2.0
// roster-storm: every user has K mutual (subscription 'both') contacts, user i with the K/2
// users on each side of it in a ring. The set-up phase creates the subscriptions over XMPP
// (each user asks the K/2 after it; whoever is asked approves and asks back). The measured
// phase logs everyone in again, paced, with a roster fetch and initial presence as real clients
// do, and counts the presence fan-out the server delivers.
#include <algorithm>

#include "../process_stats.hpp"
#include "scenario.hpp"

namespace meerkat::bench {

namespace {

class RosterTraffic : public ElementHandler {
 public:
  explicit RosterTraffic(WorkerContext& context)
      : context_(context), subscribed_(context.sessions().size(), 0) {}

  void on_element(Session& session, std::string_view element) override;
  void ask_contacts();
  // Sessions that have received every 'subscribed' they should.
  int complete() const;

  bool setting_up = true;
  std::uint64_t presences = 0;
  double last_presence = 0;

 private:
  std::string user_jid(int index) const {
    return account_of(context_.options, index).user + "@" + context_.options.server.domain;
  }
  // True when `from` is one of the K/2 users after `me` (the ones `me` asked itself).
  bool asked_by_me(int me, int from) const {
    int n = context_.options.sessions;
    int distance = ((from - me) % n + n) % n;
    return distance >= 1 && distance <= context_.options.contacts / 2;
  }

  WorkerContext& context_;
  std::vector<int> subscribed_;
};

void RosterTraffic::on_element(Session& session, std::string_view element) {
  if (is_tag(element, "iq") && start_tag_attribute(element, "type") == "set") {
    // A roster push: clients acknowledge them (RFC 6121 §2.1.6).
    session.send("<iq type='result' id='" + std::string(start_tag_attribute(element, "id")) +
                 "'/>");
    return;
  }
  if (!is_tag(element, "presence")) return;
  auto type = start_tag_attribute(element, "type");
  if (!setting_up) {
    if (type.empty() || type == "unavailable") {
      ++presences;
      last_presence = monotonic_seconds();
    }
    return;
  }
  auto from = std::string(start_tag_attribute(element, "from"));
  auto bare = from.substr(0, from.find('/'));
  if (type == "subscribed") {
    ++subscribed_[context_.local_index(session)];
  } else if (type == "subscribe") {
    session.send("<presence type='subscribed' to='" + bare + "'/>");
    int index = index_of_user(context_.options, bare.substr(0, bare.find('@')));
    if (index >= 0 && !asked_by_me(session.index(), index)) {
      session.send("<presence type='subscribe' to='" + bare + "'/>");
    }
  }
}

void RosterTraffic::ask_contacts() {
  int n = context_.options.sessions;
  for (auto& session : context_.sessions()) {
    for (int step = 1; step <= context_.options.contacts / 2; ++step) {
      session->send("<presence type='subscribe' to='" + user_jid((session->index() + step) % n) +
                    "'/>");
    }
  }
}

int RosterTraffic::complete() const {
  int done = 0;
  for (int count : subscribed_) done += count >= context_.options.contacts ? 1 : 0;
  return done;
}

boost::asio::awaitable<void> set_up_contacts(WorkerContext& context, RosterTraffic& traffic) {
  LoginSteps steps{.fetch_roster = true, .send_presence = true};
  co_await context.expect("setup-login");
  context.parent.report(co_await context.login_all(steps, traffic));
  co_await context.expect("subscribe");
  traffic.ask_contacts();
  auto size = static_cast<int>(context.sessions().size());
  double deadline = monotonic_seconds() + context.options.setup_timeout;
  while (traffic.complete() < size && monotonic_seconds() < deadline) co_await context.sleep(0.01);
  context.parent.report({{"complete", traffic.complete()}});
  co_await context.expect("logout");
  co_await context.close_all();
  context.parent.report({});
}

boost::asio::awaitable<void> roster_storm_worker(WorkerContext& context) {
  RosterTraffic traffic(context);
  if (context.options.setup) co_await set_up_contacts(context, traffic);
  traffic.setting_up = false;
  co_await context.expect("login");
  double cpu_before = own_cpu_seconds();
  auto logins = co_await context.login_all({.fetch_roster = true, .send_presence = true}, traffic);
  long mutual = 0;
  for (auto& session : context.sessions()) mutual += session->mutual_contacts();
  logins["mutual_contacts"] = mutual;
  context.parent.report(logins);
  co_await context.expect("quiet");
  // The fan-out is over once no presence arrived for a second (a busy server may still be
  // working through its queues when the last login is answered).
  double asked = monotonic_seconds();
  for (int i = 0; i < 300 && monotonic_seconds() - std::max(asked, traffic.last_presence) < 1.0;
       ++i) {
    co_await context.sleep(0.1);
  }
  context.parent.report(
      {{"presences", traffic.presences}, {"cpu", own_cpu_seconds() - cpu_before}});
  co_await context.expect("stop");
  co_await context.close_all();
  context.parent.report({});
}

void set_up_in_parent(const Options& options, WorkerPool& pool, Report& report) {
  pool.broadcast("setup-login");
  auto logins = pool.gather();
  check_reports(logins);
  if (sum_of(logins, "failed") > 0) {
    throw std::runtime_error("set-up logins failed: " + first_error(logins));
  }
  pool.broadcast("subscribe");
  auto subscribed = pool.gather();
  check_reports(subscribed);
  report.emplace_back("setup_complete_users", static_cast<long>(sum_of(subscribed, "complete")));
  pool.broadcast("logout");
  check_reports(pool.gather());
  sleep_seconds(options.settle);
}

Report roster_storm_parent(const Options& options, WorkerPool& pool) {
  Report report;
  report.emplace_back("contacts", options.contacts);
  if (options.setup) set_up_in_parent(options, pool, report);
  auto cpu_before = cpu_seconds(options.server_pid);
  pool.broadcast("login");
  auto logins = pool.gather();
  check_reports(logins);
  pool.broadcast("quiet");
  auto fanout = pool.gather();
  check_reports(fanout);
  auto cpu_after = cpu_seconds(options.server_pid);
  add_login_rows(report, logins);
  auto sessions = sum_of(logins, "ok");
  if (sessions > 0) {
    report.emplace_back("mutual_contacts_per_user",
                        round_to(sum_of(logins, "mutual_contacts") / sessions, 2));
    report.emplace_back("presences_per_login", round_to(sum_of(fanout, "presences") / sessions, 2));
  }
  add_server_cpu_rows(report, cpu_before, cpu_after, sessions, 1000, "1000_logins");
  report.emplace_back("generator_cpu_s", round_to(sum_of(fanout, "cpu"), 3));
  pool.broadcast("stop");
  pool.gather();
  return report;
}

}  // namespace

const Scenario kRosterStormScenario{"roster-storm", roster_storm_worker, roster_storm_parent};

}  // namespace meerkat::bench
