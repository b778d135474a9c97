// SPDX-License-Identifier: Apache-2.0
// What every scenario's worker process has: its share of the users, one single-threaded
// io_context driving all their sessions, the link to the parent, and paced logins.
#pragma once

#include <boost/asio/ssl.hpp>
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "options.hpp"
#include "session.hpp"
#include "worker_pool.hpp"

namespace meerkat::bench {

// Users [first, last) of `total`, cut on even boundaries so that chat pairs stay together.
struct UserRange {
  int first = 0;
  int last = 0;
};
UserRange range_of_worker(int worker, int workers, int total);

class WorkerContext {
 public:
  WorkerContext(const Options& options, int worker, int workers, int command_fd, int report_fd);

  // Logs every session of the range in, `rate` per second in all workers together (0: at once),
  // and starts handing each one's elements to `handler`. The report has ok, failed, error,
  // first_start and last_end (monotonic seconds) and the worker's CPU seconds.
  boost::asio::awaitable<boost::json::object> login_all(LoginSteps steps, ElementHandler& handler);
  // Ends every stream, waits up to 2 s for the server to close them, and closes the sockets.
  boost::asio::awaitable<void> close_all();
  boost::asio::awaitable<void> sleep(double seconds);
  // Waits for the parent's next command and checks it is `expected`.
  boost::asio::awaitable<void> expect(std::string_view expected);

  Session& session(int global_index) { return *sessions_[global_index - range_.first]; }
  std::vector<std::unique_ptr<Session>>& sessions() { return sessions_; }
  int local_index(const Session& session) const { return session.index() - range_.first; }

  const Options& options;
  const int worker;
  const int workers;
  boost::asio::io_context io;
  ParentLink parent;

 private:
  struct LoginTally;
  boost::asio::awaitable<void> login_one(Session& session, LoginSteps steps,
                                         ElementHandler& handler,
                                         std::shared_ptr<LoginTally> tally);

  UserRange range_;
  boost::asio::ssl::context tls_{boost::asio::ssl::context::tls_client};
  std::vector<std::unique_ptr<Session>> sessions_;
};

// Runs one scenario's worker coroutine to its end in this process; returns the exit status.
int run_worker(const Options& options, int worker, int workers, int command_fd, int report_fd,
               boost::asio::awaitable<void> (*scenario)(WorkerContext&));

}  // namespace meerkat::bench
