// SPDX-License-Identifier: Apache-2.0
// Typed hooks (STYLE.md "Modules and hooks"): handlers registered by modules at start-up, run
// in priority order (lower first) as a fold over one event. Registration happens before the
// shards start and the lists are read-only afterwards, so running a hook takes no lock.
#pragma once

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace meerkat::hooks {

enum class HookResult { kContinue, kStop };
inline constexpr int kPriorityDefault = 50;

// Logs `hook_handler_failed` for a handler that threw; the run goes on with the next one.
void log_handler_failure(std::string_view hook, std::string_view module, std::exception_ptr error);

template <class Handler>
struct HookEntry {
  int priority;
  std::string module;
  Handler handler;
};

// A synchronous hook: handlers must not block or suspend.
template <class Event>
class Hook {
 public:
  using Handler = std::function<HookResult(Event&)>;

  explicit Hook(std::string name) : name_(std::move(name)) {}

  void add(std::string module, int priority, Handler handler) {
    entries_.push_back({priority, std::move(module), std::move(handler)});
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const auto& a, const auto& b) { return a.priority < b.priority; });
  }
  bool empty() const { return entries_.empty(); }

  HookResult run(Event& event) const {
    for (const auto& entry : entries_) {
      try {
        if (entry.handler(event) == HookResult::kStop) return HookResult::kStop;
      } catch (...) {
        log_handler_failure(name_, entry.module, std::current_exception());
      }
    }
    return HookResult::kContinue;
  }

 private:
  std::string name_;
  std::vector<HookEntry<Handler>> entries_;
};

// A hook whose handlers may do I/O (storage). The event lives in the caller's frame for the
// whole run, so handlers take it by reference even though they suspend.
template <class Event>
class AsyncHook {
 public:
  using Handler = std::function<boost::asio::awaitable<HookResult>(Event&)>;

  explicit AsyncHook(std::string name) : name_(std::move(name)) {}

  void add(std::string module, int priority, Handler handler) {
    entries_.push_back({priority, std::move(module), std::move(handler)});
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const auto& a, const auto& b) { return a.priority < b.priority; });
  }
  bool empty() const { return entries_.empty(); }

  boost::asio::awaitable<HookResult> run(Event& event) const {
    for (const auto& entry : entries_) {
      HookResult result = HookResult::kContinue;
      std::exception_ptr failure;
      try {
        result = co_await entry.handler(event);
      } catch (...) {
        failure = std::current_exception();
      }
      if (failure) {
        log_handler_failure(name_, entry.module, failure);
        continue;
      }
      if (result == HookResult::kStop) co_return HookResult::kStop;
    }
    co_return HookResult::kContinue;
  }

 private:
  std::string name_;
  std::vector<HookEntry<Handler>> entries_;
};

}  // namespace meerkat::hooks
