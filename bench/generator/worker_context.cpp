// SPDX-License-Identifier: Apache-2.0
#include "worker_context.hpp"

#include <iostream>

#include "process_stats.hpp"

namespace meerkat::bench {

namespace asio = boost::asio;
using asio::use_awaitable;

UserRange range_of_worker(int worker, int workers, int total) {
  int pairs = total / 2;
  auto pair_at = [&](int w) { return static_cast<int>(static_cast<long>(pairs) * w / workers); };
  UserRange range{2 * pair_at(worker), 2 * pair_at(worker + 1)};
  if (worker == workers - 1) range.last = total;  // an odd last user (idle, roster-storm)
  return range;
}

struct WorkerContext::LoginTally {
  int pending = 0;
  int ok = 0;
  int failed = 0;
  std::string error;
  double last_end = 0;
};

WorkerContext::WorkerContext(const Options& opts, int worker_index, int worker_count,
                             int command_fd, int report_fd)
    : options(opts),
      worker(worker_index),
      workers(worker_count),
      parent(io, command_fd, report_fd),
      range_(range_of_worker(worker_index, worker_count, opts.sessions)) {
  tls_.set_verify_mode(asio::ssl::verify_none);  // servers under test use self-signed certificates
  for (int index = range_.first; index < range_.last; ++index) {
    sessions_.push_back(
        std::make_unique<Session>(io, options.server, tls_, index, account_of(options, index)));
  }
}

asio::awaitable<boost::json::object> WorkerContext::login_all(LoginSteps steps,
                                                              ElementHandler& handler) {
  // Shared with the login coroutines, which may outlive this one when logins time out.
  auto tally = std::make_shared<LoginTally>();
  tally->pending = static_cast<int>(sessions_.size());
  double start = monotonic_seconds();
  double interval = options.login_rate > 0 ? workers / options.login_rate : 0;
  for (std::size_t i = 0; i < sessions_.size(); ++i) {
    double due = start + static_cast<double>(i) * interval;
    double wait = due - monotonic_seconds();
    if (wait > 0) co_await sleep(wait);
    asio::co_spawn(io, login_one(*sessions_[i], steps, handler, tally), asio::detached);
  }
  double deadline = monotonic_seconds() + options.login_timeout;
  while (tally->pending > 0 && monotonic_seconds() < deadline) co_await sleep(0.01);
  if (tally->pending > 0 && tally->error.empty()) tally->error = "login timed out";
  co_return boost::json::object{{"ok", tally->ok},
                                {"failed", tally->failed + tally->pending},
                                {"error", tally->error},
                                {"first_start", start},
                                {"last_end", tally->last_end},
                                {"cpu", own_cpu_seconds()}};
}

asio::awaitable<void> WorkerContext::login_one(Session& session, LoginSteps steps,
                                               ElementHandler& handler,
                                               std::shared_ptr<LoginTally> tally) {
  bool ok = false;
  try {
    co_await session.login(steps);
    ok = true;
  } catch (const std::exception& error) {
    if (tally->error.empty()) tally->error = session.account_name() + ": " + error.what();
  }
  --tally->pending;
  ++(ok ? tally->ok : tally->failed);
  tally->last_end = monotonic_seconds();
  if (ok) co_await session.receive(handler);
}

asio::awaitable<void> WorkerContext::close_all() {
  for (auto& session : sessions_) session->close();
  for (int i = 0; i < 200; ++i) {
    bool open = false;
    for (auto& session : sessions_) open = open || session->connected();
    if (!open) break;
    co_await sleep(0.01);
  }
  for (auto& session : sessions_) session->disconnect();
}

asio::awaitable<void> WorkerContext::sleep(double seconds) {
  asio::steady_timer timer(io, std::chrono::duration_cast<asio::steady_timer::duration>(
                                   std::chrono::duration<double>(seconds)));
  co_await timer.async_wait(use_awaitable);
}

asio::awaitable<void> WorkerContext::expect(std::string_view expected) {
  auto command = co_await parent.next_command();
  if (command != expected) {
    throw std::runtime_error("expected command " + std::string(expected) + ", got " + command);
  }
}

int run_worker(const Options& options, int worker, int workers, int command_fd, int report_fd,
               asio::awaitable<void> (*scenario)(WorkerContext&)) {
  raise_fd_limit();
  WorkerContext context(options, worker, workers, command_fd, report_fd);
  int status = 0;
  asio::co_spawn(context.io, scenario(context), [&](std::exception_ptr error) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::cerr << "meerkat-bench worker " << worker << ": " << e.what() << '\n';
        context.parent.report({{"error", e.what()}});
      }
      status = 1;
    }
    context.io.stop();
  });
  context.io.run();
  return status;
}

}  // namespace meerkat::bench
