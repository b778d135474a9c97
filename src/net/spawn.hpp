// SPDX-License-Identifier: Apache-2.0
// spawn_owned (STYLE.md "Coroutines"): the only way to start a coroutine. It counts the task
// in its TaskGroup, so shutdown can wait for every task, and logs what a task lets escape.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <cstddef>
#include <exception>
#include <string>

namespace meerkat::net {

// Counts live tasks; shared by every shard, so the counter is atomic.
class TaskGroup {
 public:
  std::size_t live() const { return live_.load(std::memory_order_acquire); }
  void started() { live_.fetch_add(1, std::memory_order_relaxed); }
  void finished() { live_.fetch_sub(1, std::memory_order_acq_rel); }

 private:
  std::atomic<std::size_t> live_{0};
};

void log_task_failure(const std::string& what, std::exception_ptr error);

template <class Executor>
void spawn_owned(TaskGroup& group, Executor executor, boost::asio::awaitable<void> task,
                 std::string what) {
  group.started();
  boost::asio::co_spawn(executor, std::move(task),
                        [&group, what = std::move(what)](std::exception_ptr error) {
                          if (error) log_task_failure(what, error);
                          group.finished();
                        });
}

}  // namespace meerkat::net
