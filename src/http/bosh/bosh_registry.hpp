// SPDX-License-Identifier: Apache-2.0
// Every live BOSH session by sid, shared by all shards: a request may reach any shard, and
// finds its session here. The lock is held only for the map operation.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace meerkat::http::bosh {

class BoshSession;

class BoshRegistry {
 public:
  void add(std::shared_ptr<BoshSession> session);
  void remove(const std::string& sid);
  std::shared_ptr<BoshSession> find(const std::string& sid) const;
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<BoshSession>> sessions_;
};

}  // namespace meerkat::http::bosh
