// SPDX-License-Identifier: Apache-2.0
#include "worker_pool.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace meerkat::bench {

namespace asio = boost::asio;

ParentLink::ParentLink(asio::io_context& io, int command_fd, int report_fd)
    : commands_(io, command_fd), report_fd_(report_fd) {}

asio::awaitable<std::string> ParentLink::next_command() {
  auto size = co_await asio::async_read_until(commands_, asio::dynamic_buffer(buffer_), '\n',
                                              asio::use_awaitable);
  auto command = buffer_.substr(0, size - 1);
  buffer_.erase(0, size);
  co_return command;
}

void ParentLink::report(const boost::json::object& report) {
  auto line = boost::json::serialize(report) + "\n";
  std::size_t written = 0;
  while (written < line.size()) {
    auto n = ::write(report_fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the parent is gone; the worker ends with its next command read
    written += static_cast<std::size_t>(n);
  }
}

WorkerPool::WorkerPool(int count, const Body& body) {
  for (int index = 0; index < count; ++index) {
    int commands[2];
    int reports[2];
    if (pipe(commands) != 0 || pipe(reports) != 0) throw std::runtime_error("pipe failed");
    auto pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      ::close(commands[1]);
      ::close(reports[0]);
      for (const auto& worker : workers_) {
        ::close(worker.command_fd);
        ::close(worker.report_fd);
      }
      _exit(body(index, commands[0], reports[1]));
    }
    ::close(commands[0]);
    ::close(reports[1]);
    workers_.push_back({pid, commands[1], reports[0], {}});
  }
}

WorkerPool::~WorkerPool() {
  for (auto& worker : workers_) {
    if (worker.command_fd >= 0) ::close(worker.command_fd);
    if (worker.report_fd >= 0) ::close(worker.report_fd);
  }
}

void WorkerPool::broadcast(std::string_view command) {
  std::string line(command);
  line.push_back('\n');
  for (auto& worker : workers_) {
    if (::write(worker.command_fd, line.data(), line.size()) < 0) {
      throw std::runtime_error("a worker is gone");
    }
  }
}

std::vector<boost::json::object> WorkerPool::gather() {
  std::vector<boost::json::object> reports;
  for (auto& worker : workers_) {
    std::size_t end;
    while ((end = worker.buffer.find('\n')) == std::string::npos) {
      char chunk[4096];
      auto n = ::read(worker.report_fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("a worker ended before reporting");
      worker.buffer.append(chunk, static_cast<std::size_t>(n));
    }
    reports.push_back(boost::json::parse(worker.buffer.substr(0, end)).as_object());
    worker.buffer.erase(0, end + 1);
  }
  return reports;
}

bool WorkerPool::join() {
  bool all_ok = true;
  for (auto& worker : workers_) {
    ::close(worker.command_fd);
    worker.command_fd = -1;
    int status = 0;
    waitpid(worker.pid, &status, 0);
    all_ok = all_ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  return all_ok;
}

}  // namespace meerkat::bench
