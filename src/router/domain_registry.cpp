// SPDX-License-Identifier: Apache-2.0
#include "router/domain_registry.hpp"

#include <algorithm>

namespace meerkat::router {

namespace {

std::atomic<std::uint64_t> next_registry_id{1};

}  // namespace

// The snapshot a thread last read, and which registry and version it belongs to.
struct DomainRegistry::ThreadCache {
  std::uint64_t owner = 0;
  std::uint64_t version = 0;
  std::shared_ptr<const Snapshot> snapshot;
};

DomainRegistry::DomainRegistry(std::vector<std::string> static_hosts,
                               std::vector<std::string> host_types)
    : id_(next_registry_id.fetch_add(1)),
      static_hosts_(std::move(static_hosts)),
      host_types_(std::move(host_types)) {
  auto first = std::make_shared<Snapshot>();
  for (const auto& host : static_hosts_) {
    first->domains.emplace(host, DomainEntry{host, host, DomainStatus::kEnabled, true});
  }
  snapshot_ = std::move(first);
}

// The returned reference lives until this thread's next current() of any registry: callers
// use it within one call and never across a suspension.
const DomainRegistry::Snapshot& DomainRegistry::current() const {
  thread_local ThreadCache cache;
  auto version = version_.load(std::memory_order_acquire);
  if (cache.owner != id_ || cache.version != version || !cache.snapshot) {
    std::lock_guard lock(write_mutex_);
    cache.owner = id_;
    cache.version = version_.load(std::memory_order_relaxed);
    cache.snapshot = snapshot_;
  }
  return *cache.snapshot;
}

void DomainRegistry::publish(std::shared_ptr<const Snapshot> next) {
  // Called with write_mutex_ held.
  snapshot_ = std::move(next);
  version_.fetch_add(1, std::memory_order_release);
}

bool DomainRegistry::serves(std::string_view domain) const {
  const auto& domains = current().domains;
  auto found = domains.find(domain);
  return found != domains.end() && found->second.status == DomainStatus::kEnabled;
}

std::optional<DomainEntry> DomainRegistry::find(std::string_view domain) const {
  const auto& domains = current().domains;
  auto found = domains.find(domain);
  if (found == domains.end()) return std::nullopt;
  return found->second;
}

std::vector<DomainEntry> DomainRegistry::all() const {
  const auto& domains = current().domains;
  std::vector<DomainEntry> out;
  out.reserve(domains.size());
  for (const auto& host : static_hosts_) out.push_back(domains.find(host)->second);
  for (const auto& [name, entry] : domains) {
    if (!entry.is_static) out.push_back(entry);
  }
  return out;
}

std::vector<std::string> DomainRegistry::served() const {
  std::vector<std::string> out;
  for (auto& entry : all()) {
    if (entry.status == DomainStatus::kEnabled) out.push_back(std::move(entry.domain));
  }
  return out;
}

std::vector<std::string> DomainRegistry::served_of_type(std::string_view host_type) const {
  std::vector<std::string> out;
  for (auto& entry : all()) {
    if (entry.status == DomainStatus::kEnabled && entry.host_type == host_type) {
      out.push_back(std::move(entry.domain));
    }
  }
  return out;
}

bool DomainRegistry::is_dynamic_type(std::string_view host_type) const {
  return std::find(host_types_.begin(), host_types_.end(), host_type) != host_types_.end();
}

void DomainRegistry::put(DomainEntry entry) {
  std::lock_guard lock(write_mutex_);
  auto existing = snapshot_->domains.find(entry.domain);
  if (existing != snapshot_->domains.end() && existing->second.is_static) return;
  auto next = std::make_shared<Snapshot>(*snapshot_);
  entry.is_static = false;
  auto name = entry.domain;
  next->domains.insert_or_assign(std::move(name), std::move(entry));
  publish(std::move(next));
}

void DomainRegistry::erase(std::string_view domain) {
  std::lock_guard lock(write_mutex_);
  auto existing = snapshot_->domains.find(domain);
  if (existing == snapshot_->domains.end() || existing->second.is_static) return;
  auto next = std::make_shared<Snapshot>(*snapshot_);
  next->domains.erase(next->domains.find(domain));
  publish(std::move(next));
}

}  // namespace meerkat::router
