// SPDX-License-Identifier: Apache-2.0
// XEP-0198 resumption ids of every resumable session on this node, shared by all client
// listeners (a session begun over TCP may resume over WebSocket). A stream pointer in an
// entry is used only on the entry's executor: a stream adds, moves and removes its entry on
// its own shard, so a lookup made there that finds the stream proves it is alive.
// Also remembers the last 'h' of sessions that can no longer be resumed (stale_h).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/jid/jid.hpp"

namespace meerkat::stream::c2s {

class C2sStream;

class ResumptionTable {
 public:
  struct Entry {
    boost::asio::any_io_executor executor;
    C2sStream* stream = nullptr;
    jid::Jid jid;  // the session's full JID: only its account may resume it
  };

  // How long the 'h' of ended sessions is remembered (mod_stream_management's stale_h).
  struct StaleHPolicy {
    std::chrono::seconds repeat_after{1800};
    std::chrono::seconds geriatric{3600};
  };

  ResumptionTable() = default;
  ResumptionTable(const ResumptionTable&) = delete;
  ResumptionTable& operator=(const ResumptionTable&) = delete;

  void add(const std::string& id, Entry entry);
  std::optional<Entry> find(const std::string& id) const;
  // The session moved to another stream (it was resumed); false if `from` no longer owns it.
  bool move(const std::string& id, const C2sStream* from, Entry to);
  // Removes the entry if `owner` still owns it.
  void remove(const std::string& id, const C2sStream* owner);

  void remember_h(const std::string& id, std::uint32_t h, const StaleHPolicy& policy);
  std::optional<std::uint32_t> stale_h(const std::string& id) const;
  std::size_t size() const;

 private:
  struct Stale {
    std::uint32_t h;
    std::chrono::steady_clock::time_point at;
  };
  void prune_stale(std::chrono::steady_clock::time_point now, const StaleHPolicy& policy);

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::string, Stale> stale_;
  std::chrono::steady_clock::time_point pruned_ = std::chrono::steady_clock::now();
  std::chrono::seconds geriatric_{0};  // of the last policy seen, for lookups
};

}  // namespace meerkat::stream::c2s
