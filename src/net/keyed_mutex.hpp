// SPDX-License-Identifier: Apache-2.0
// KeyedMutex: one coroutine at a time per key, across shards, without blocking a thread. A
// read-modify-write of one user's data (a roster item) that suspends on storage holds the
// key, so two shards changing the same user cannot interleave and lose an update. Waiters
// resume in arrival order, each on its own executor.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace meerkat::net {

class KeyedMutex {
 public:
  // Holds a key until unlock() or destruction.
  class Guard {
   public:
    Guard(KeyedMutex* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    Guard(Guard&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)), key_(std::move(other.key_)) {}
    Guard& operator=(Guard&&) = delete;
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { unlock(); }
    void unlock() {
      if (auto* owner = std::exchange(owner_, nullptr)) owner->release(key_);
    }

   private:
    KeyedMutex* owner_;
    std::string key_;
  };

  KeyedMutex() = default;
  KeyedMutex(const KeyedMutex&) = delete;
  KeyedMutex& operator=(const KeyedMutex&) = delete;

  boost::asio::awaitable<Guard> lock(std::string key);
  // Keys held or waited for (for tests: a released key leaves nothing behind).
  std::size_t size() const;

 private:
  // A suspended lock() to resume on its own executor.
  struct Waiter {
    virtual ~Waiter() = default;
    virtual void wake() = 0;
  };
  template <class Handler>
  struct HandlerWaiter final : Waiter {
    explicit HandlerWaiter(Handler h) : handler(std::move(h)) {}
    void wake() override {
      auto executor = boost::asio::get_associated_executor(handler);
      boost::asio::post(executor, std::move(handler));
    }
    Handler handler;
  };

  // Takes the key now (true) or queues `waiter` behind its holder (false).
  bool acquire_or_wait(const std::string& key, std::unique_ptr<Waiter>& waiter);
  void release(const std::string& key);

  mutable std::mutex mutex_;
  // Held keys, each with the lock() calls waiting for it.
  std::unordered_map<std::string, std::deque<std::unique_ptr<Waiter>>> held_;
};

inline boost::asio::awaitable<KeyedMutex::Guard> KeyedMutex::lock(std::string key) {
  std::unique_ptr<Waiter> none;
  if (acquire_or_wait(key, none)) co_return Guard(this, std::move(key));
  co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
      [this, &key](auto handler) {
        std::unique_ptr<Waiter> waiter =
            std::make_unique<HandlerWaiter<decltype(handler)>>(std::move(handler));
        // Released between the first try and now: the key is ours, resume at once.
        if (acquire_or_wait(key, waiter)) waiter->wake();
      },
      boost::asio::use_awaitable);
  co_return Guard(this, std::move(key));
}

}  // namespace meerkat::net
