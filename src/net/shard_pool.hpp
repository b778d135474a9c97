// SPDX-License-Identifier: Apache-2.0
// The shard pool (DESIGN.md "Shards"): one io_context per worker thread. A connection lives
// on one shard for its whole life; work for it is posted to that shard.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace meerkat::net {

class ShardPool {
 public:
  // `count` = 0 means one shard per CPU the process may run on (its affinity mask).
  explicit ShardPool(std::size_t count);
  ShardPool(const ShardPool&) = delete;
  ShardPool& operator=(const ShardPool&) = delete;
  ~ShardPool();

  std::size_t size() const { return shards_.size(); }
  boost::asio::io_context& shard(std::size_t index) { return *shards_[index]; }
  // Round-robin choice for a new connection; thread-safe.
  boost::asio::io_context& next();

  // Runs shards 1..n-1 on their own threads and shard 0 on the calling thread; returns when
  // every shard has stopped (see stop()).
  void run();
  // Lets the shards finish: they return once they have no more work.
  void release_work();
  // Stops every shard at once, abandoning pending work.
  void stop();

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> shards_;
  std::vector<WorkGuard> work_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace meerkat::net
