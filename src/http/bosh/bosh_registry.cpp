// SPDX-License-Identifier: Apache-2.0
#include "http/bosh/bosh_registry.hpp"

#include "http/bosh/bosh_session.hpp"

namespace meerkat::http::bosh {

void BoshRegistry::add(std::shared_ptr<BoshSession> session) {
  std::lock_guard lock(mutex_);
  auto sid = session->sid();
  sessions_.emplace(std::move(sid), std::move(session));
}

void BoshRegistry::remove(const std::string& sid) {
  std::shared_ptr<BoshSession> removed;  // released after the lock
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(sid);
  if (found == sessions_.end()) return;
  removed = std::move(found->second);
  sessions_.erase(found);
}

std::shared_ptr<BoshSession> BoshRegistry::find(const std::string& sid) const {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(sid);
  return found == sessions_.end() ? nullptr : found->second;
}

std::size_t BoshRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace meerkat::http::bosh
