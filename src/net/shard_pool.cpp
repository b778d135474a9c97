// SPDX-License-Identifier: Apache-2.0
#include "net/shard_pool.hpp"

#include <sched.h>

#include <algorithm>

namespace meerkat::net {

namespace {

// The CPUs this process may run on (taskset, a container's cpuset), not the machine's: two
// shards sharing one allowed CPU would hand every cross-shard stanza over with a context switch.
std::size_t usable_cpus() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    return static_cast<std::size_t>(std::max(1, CPU_COUNT(&allowed)));
  }
  return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

ShardPool::ShardPool(std::size_t count) {
  if (count == 0) count = usable_cpus();
  shards_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    // Concurrency hint 1: each context is run by exactly one thread, so Asio can skip locking.
    shards_.push_back(std::make_unique<boost::asio::io_context>(1));
    work_.emplace_back(shards_.back()->get_executor());
  }
}

ShardPool::~ShardPool() { stop(); }

boost::asio::io_context& ShardPool::next() {
  return *shards_[next_.fetch_add(1, std::memory_order_relaxed) % shards_.size()];
}

void ShardPool::run() {
  std::vector<std::jthread> threads;
  for (std::size_t i = 1; i < shards_.size(); ++i) {
    threads.emplace_back([this, i] { shards_[i]->run(); });
  }
  shards_[0]->run();
}

void ShardPool::release_work() {
  for (auto& guard : work_) guard.reset();
}

void ShardPool::stop() {
  for (auto& shard : shards_) shard->stop();
}

}  // namespace meerkat::net
