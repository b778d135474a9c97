// SPDX-License-Identifier: Apache-2.0
#include "stream/c2s/resumption_table.hpp"

namespace meerkat::stream::c2s {

void ResumptionTable::add(const std::string& id, Entry entry) {
  std::lock_guard lock(mutex_);
  entries_.insert_or_assign(id, std::move(entry));
}

std::optional<ResumptionTable::Entry> ResumptionTable::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(id);
  if (found == entries_.end()) return std::nullopt;
  return found->second;
}

bool ResumptionTable::move(const std::string& id, const C2sStream* from, Entry to) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(id);
  if (found == entries_.end() || found->second.stream != from) return false;
  found->second = std::move(to);
  return true;
}

void ResumptionTable::remove(const std::string& id, const C2sStream* owner) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(id);
  if (found != entries_.end() && found->second.stream == owner) entries_.erase(found);
}

void ResumptionTable::remember_h(const std::string& id, std::uint32_t h,
                                 const StaleHPolicy& policy) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  geriatric_ = policy.geriatric;
  stale_.insert_or_assign(id, Stale{h, now});
  // Cleaned while recording, every repeat_after: no timer runs for an idle table.
  if (now - pruned_ >= policy.repeat_after) prune_stale(now, policy);
}

std::optional<std::uint32_t> ResumptionTable::stale_h(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto found = stale_.find(id);
  if (found == stale_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - found->second.at > geriatric_) return std::nullopt;
  return found->second.h;
}

std::size_t ResumptionTable::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void ResumptionTable::prune_stale(std::chrono::steady_clock::time_point now,
                                  const StaleHPolicy& policy) {
  std::erase_if(stale_, [&](const auto& item) { return now - item.second.at > policy.geriatric; });
  pruned_ = now;
}

}  // namespace meerkat::stream::c2s
