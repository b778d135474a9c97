// SPDX-License-Identifier: Apache-2.0
// DomainRegistry: the domains this server serves. Static domains come from general.hosts
// (each its own host type); dynamic ones are added at run time to one of general.host_types
// (MongooseIM's dynamic domains) and may be disabled or be on their way out.
//
// Shards ask "is this domain ours?" for every stanza, so reads take no lock and touch no
// shared cache line: each thread keeps the snapshot it last read and swaps it only when the
// registry's version moves. Writers (the admin API, start-up) replace the whole snapshot.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meerkat::router {

enum class DomainStatus {
  kEnabled,   // served
  kDisabled,  // kept, but not served
  kDeleting,  // not served; its data is being removed
};

struct DomainEntry {
  std::string domain;
  std::string host_type;  // the domain itself for a static domain
  DomainStatus status = DomainStatus::kEnabled;
  bool is_static = false;
};

class DomainRegistry {
 public:
  // `static_hosts`: nameprep'd general.hosts; `host_types`: general.host_types.
  DomainRegistry(std::vector<std::string> static_hosts, std::vector<std::string> host_types);
  DomainRegistry(const DomainRegistry&) = delete;
  DomainRegistry& operator=(const DomainRegistry&) = delete;

  // A domain whose users and services are here: static, or dynamic and enabled.
  bool serves(std::string_view domain) const;
  std::optional<DomainEntry> find(std::string_view domain) const;
  // Served domains: static ones in configuration order, then dynamic ones by name.
  std::vector<std::string> served() const;
  // Served domains of one host type.
  std::vector<std::string> served_of_type(std::string_view host_type) const;
  // Every known domain, whatever its status, in the order of served().
  std::vector<DomainEntry> all() const;
  // One of general.host_types: a type dynamic domains may be added to.
  bool is_dynamic_type(std::string_view host_type) const;
  const std::vector<std::string>& static_hosts() const { return static_hosts_; }

  // Adds or replaces a dynamic domain; a static one cannot be changed.
  void put(DomainEntry entry);
  // Forgets a dynamic domain.
  void erase(std::string_view domain);

 private:
  struct Snapshot {
    std::map<std::string, DomainEntry, std::less<>> domains;
  };
  struct ThreadCache;

  const Snapshot& current() const;
  void publish(std::shared_ptr<const Snapshot> next);

  const std::uint64_t id_;  // tells this registry's thread caches from another's
  const std::vector<std::string> static_hosts_;
  const std::vector<std::string> host_types_;
  mutable std::mutex write_mutex_;  // writers, and readers refreshing their cache
  std::shared_ptr<const Snapshot> snapshot_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace meerkat::router
