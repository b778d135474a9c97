// SPDX-License-Identifier: Apache-2.0
#include "router/component_table.hpp"

#include <algorithm>

namespace meerkat::router {

bool ComponentTable::bind(const std::vector<std::string>& domains, const Binding& binding,
                          bool replace, std::vector<SessionHandlePtr>& replaced) {
  std::lock_guard lock(mutex_);
  if (!replace) {
    for (const auto& domain : domains) {
      if (bound_.count(domain)) return false;
    }
  }
  for (const auto& domain : domains) {
    auto [it, inserted] = bound_.try_emplace(domain, binding);
    if (inserted) continue;
    if (std::find(replaced.begin(), replaced.end(), it->second.handle) == replaced.end()) {
      replaced.push_back(it->second.handle);
    }
    it->second = binding;
  }
  return true;
}

void ComponentTable::unbind(const std::vector<std::string>& domains, const SessionHandle* handle) {
  std::lock_guard lock(mutex_);
  for (const auto& domain : domains) {
    auto it = bound_.find(domain);
    if (it != bound_.end() && it->second.handle.get() == handle) bound_.erase(it);
  }
}

SessionHandlePtr ComponentTable::find(std::string_view domain) const {
  std::lock_guard lock(mutex_);
  auto it = bound_.find(std::string(domain));
  return it == bound_.end() ? nullptr : it->second.handle;
}

std::vector<std::string> ComponentTable::visible_domains() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> domains;
  for (const auto& [domain, binding] : bound_) {
    if (!binding.hidden) domains.push_back(domain);
  }
  std::sort(domains.begin(), domains.end());
  return domains;
}

}  // namespace meerkat::router
