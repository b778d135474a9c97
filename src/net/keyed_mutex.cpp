// SPDX-License-Identifier: Apache-2.0
#include "net/keyed_mutex.hpp"

namespace meerkat::net {

bool KeyedMutex::acquire_or_wait(const std::string& key, std::unique_ptr<Waiter>& waiter) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = held_.try_emplace(key);
  if (inserted) return true;
  if (waiter) it->second.push_back(std::move(waiter));
  return false;
}

void KeyedMutex::release(const std::string& key) {
  std::unique_ptr<Waiter> next;
  {
    std::lock_guard lock(mutex_);
    auto it = held_.find(key);
    if (it == held_.end()) return;
    if (it->second.empty()) {
      held_.erase(it);
      return;
    }
    // The key passes straight to the first waiter: nobody can take it in between.
    next = std::move(it->second.front());
    it->second.pop_front();
  }
  next->wake();
}

std::size_t KeyedMutex::size() const {
  std::lock_guard lock(mutex_);
  return held_.size();
}

}  // namespace meerkat::net
