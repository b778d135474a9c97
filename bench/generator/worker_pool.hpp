// SPDX-License-Identifier: Apache-2.0
// The generator's processes: one process holds at most what its file-descriptor limit allows
// (20,000 on the reference machine, a hard limit), so large runs fork several workers. The
// parent steps them through a scenario's phases: it broadcasts a command line, and every worker
// answers with one JSON line when its part of the phase is done.
#pragma once

#include <sys/types.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

namespace meerkat::bench {

// The worker's end: commands arrive asynchronously (the worker's sessions keep running while it
// waits), reports leave as blocking one-line writes.
class ParentLink {
 public:
  ParentLink(boost::asio::io_context& io, int command_fd, int report_fd);
  boost::asio::awaitable<std::string> next_command();
  void report(const boost::json::object& report);

 private:
  boost::asio::posix::stream_descriptor commands_;
  std::string buffer_;
  int report_fd_;
};

class WorkerPool {
 public:
  // Runs `body(worker_index, link)` in `count` forked processes; each exits with its result.
  using Body = std::function<int(int worker, int command_fd, int report_fd)>;
  WorkerPool(int count, const Body& body);
  ~WorkerPool();

  void broadcast(std::string_view command);
  // One report from every worker, in worker order; throws when a worker died instead.
  std::vector<boost::json::object> gather();
  // Waits for every worker to exit; true when all exited with 0.
  bool join();

 private:
  struct Worker {
    pid_t pid;
    int command_fd;
    int report_fd;
    std::string buffer;
  };
  std::vector<Worker> workers_;
};

}  // namespace meerkat::bench
