// SPDX-License-Identifier: Apache-2.0
// KeyedMutex: holders of one key run one at a time in arrival order, other keys do not wait,
// and released keys leave nothing behind, also across threads.
#include "net/keyed_mutex.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <vector>

namespace meerkat::net {
namespace {

namespace asio = boost::asio;

// Takes `key`, records the start, suspends on a timer (as a store call would), records the end.
asio::awaitable<void> hold(KeyedMutex& mutex, std::string key, std::string name,
                           std::vector<std::string>& trace) {
  auto guard = co_await mutex.lock(key);
  trace.push_back(name + "+");
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(5));
  co_await timer.async_wait(asio::use_awaitable);
  trace.push_back(name + "-");
}

TEST(KeyedMutex, OneHolderPerKeyInArrivalOrder) {
  asio::io_context io;
  KeyedMutex mutex;
  std::vector<std::string> trace;
  for (auto name : {"a", "b", "c"}) {
    asio::co_spawn(io, hold(mutex, "alice", name, trace), asio::detached);
  }
  io.run();
  EXPECT_EQ(trace, (std::vector<std::string>{"a+", "a-", "b+", "b-", "c+", "c-"}));
  EXPECT_EQ(mutex.size(), 0u);
}

TEST(KeyedMutex, DifferentKeysDoNotWait) {
  asio::io_context io;
  KeyedMutex mutex;
  std::vector<std::string> trace;
  asio::co_spawn(io, hold(mutex, "alice", "a", trace), asio::detached);
  asio::co_spawn(io, hold(mutex, "bob", "b", trace), asio::detached);
  io.run();
  EXPECT_EQ(trace, (std::vector<std::string>{"a+", "b+", "a-", "b-"}));
}

TEST(KeyedMutex, AnEarlyUnlockLetsTheNextIn) {
  asio::io_context io;
  KeyedMutex mutex;
  std::vector<std::string> trace;
  auto first = [&]() -> asio::awaitable<void> {
    auto guard = co_await mutex.lock("k");
    trace.push_back("first");
    guard.unlock();
    asio::steady_timer timer(io, std::chrono::milliseconds(5));
    co_await timer.async_wait(asio::use_awaitable);
    trace.push_back("first done");
  };
  asio::co_spawn(io, first(), asio::detached);
  asio::co_spawn(io, hold(mutex, "k", "second", trace), asio::detached);
  io.run();
  EXPECT_EQ(trace, (std::vector<std::string>{"first", "second+", "first done", "second-"}));
}

TEST(KeyedMutex, HoldersOnSeveralThreadsNeverOverlap) {
  asio::thread_pool pool(4);
  KeyedMutex mutex;
  std::atomic<int> inside{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> done{0};
  for (int i = 0; i < 200; ++i) {
    asio::co_spawn(
        pool,
        [&]() -> asio::awaitable<void> {
          auto guard = co_await mutex.lock("shared");
          if (inside.fetch_add(1) != 0) overlaps++;
          asio::steady_timer timer(co_await asio::this_coro::executor,
                                   std::chrono::microseconds(50));
          co_await timer.async_wait(asio::use_awaitable);
          inside.fetch_sub(1);
          done++;
        },
        asio::detached);
  }
  pool.join();
  EXPECT_EQ(done.load(), 200);
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(mutex.size(), 0u);
}

}  // namespace
}  // namespace meerkat::net
