// SPDX-License-Identifier: Apache-2.0
// The session manager (DESIGN.md "Router"): bare JID → bound resources with their shard
// handle, priority and presence. Sharded into buckets with a mutex each, so sessions of
// different users never contend; nothing here suspends or does I/O.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/jid/jid.hpp"
#include "router/session_sink.hpp"

namespace meerkat::router {

struct SessionInfo {
  std::string resource;
  int priority = 0;
  bool available = false;  // sent initial presence and not yet unavailable (RFC 6121 §4.2)
  std::shared_ptr<const xml::Element> presence;  // the last broadcast presence, for probes
  SessionHandlePtr handle;
};

class SessionManager {
 public:
  // Called with stanzas whose session ended while they were on their way (see deliver()).
  using OrphanHandler = std::function<void(boost::asio::any_io_executor, xml::Element)>;

  SessionManager() = default;
  SessionManager(const SessionManager&) = delete;
  SessionManager& operator=(const SessionManager&) = delete;

  void set_orphan_handler(OrphanHandler handler) { orphan_handler_ = std::move(handler); }

  // Binds `full`; returns the session it replaces (same full JID), which must be told.
  SessionHandlePtr open(const jid::Jid& full, SessionHandlePtr handle);
  // Removes the binding if it still belongs to `handle` (a replaced session must not remove
  // its successor).
  void close(const jid::Jid& full, const SessionHandle* handle);
  // The session lives on in another stream (XEP-0198 resumption): the binding, with its
  // priority and presence, now belongs to `to`. False if it no longer belonged to `from`.
  bool transfer(const jid::Jid& full, const SessionHandle* from, SessionHandlePtr to);
  // Ignored unless the binding still belongs to `handle`.
  void set_presence(const jid::Jid& full, const SessionHandle* handle, int priority, bool available,
                    std::shared_ptr<const xml::Element> presence);

  // Snapshots, safe to use after the bucket lock is released.
  std::vector<SessionInfo> sessions(const jid::Jid& bare) const;
  SessionHandlePtr find(const jid::Jid& full) const;
  // Whether `bare` has any bound resource; copies nothing (for per-message checks).
  bool has_sessions(const jid::Jid& bare) const;
  std::size_t count() const;
  // Every session of `domain` (every session when it is empty), as (full JID, session).
  std::vector<std::pair<std::string, SessionInfo>> all(std::string_view domain = {}) const;

  // Ends every session of `bare` with `condition` (an account that was removed).
  void terminate_all(const jid::Jid& bare, stanza::StreamErrorCondition condition,
                     std::string text) const;

  // Posts `stanza` to the session's shard. If the session is gone by then, the orphan
  // handler gets it (messages go back through the router to the bare JID).
  void deliver(const SessionHandlePtr& handle, xml::Element stanza) const;

 private:
  struct Bucket {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::vector<SessionInfo>> users;  // bare JID → resources
  };
  static constexpr std::size_t kBuckets = 64;

  Bucket& bucket_of(const jid::Jid& bare) const;

  mutable std::array<Bucket, kBuckets> buckets_;
  OrphanHandler orphan_handler_;
};

}  // namespace meerkat::router
