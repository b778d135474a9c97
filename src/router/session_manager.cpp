// SPDX-License-Identifier: Apache-2.0
#include "router/session_manager.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace meerkat::router {

SessionManager::Bucket& SessionManager::bucket_of(const jid::Jid& bare) const {
  return buckets_[bare.hash() % kBuckets];
}

SessionHandlePtr SessionManager::open(const jid::Jid& full, SessionHandlePtr handle) {
  auto bare = full.bare();
  auto& bucket = bucket_of(bare);
  std::lock_guard lock(bucket.mutex);
  auto& resources = bucket.users[bare.to_string()];
  auto resource = std::string(full.resource());
  auto it = std::find_if(resources.begin(), resources.end(),
                         [&](const SessionInfo& s) { return s.resource == resource; });
  if (it != resources.end()) {
    auto replaced = std::exchange(it->handle, std::move(handle));
    it->available = false;
    it->priority = 0;
    it->presence.reset();
    return replaced;
  }
  resources.push_back(SessionInfo{std::move(resource), 0, false, nullptr, std::move(handle)});
  return nullptr;
}

void SessionManager::close(const jid::Jid& full, const SessionHandle* handle) {
  auto bare = full.bare();
  auto& bucket = bucket_of(bare);
  std::lock_guard lock(bucket.mutex);
  auto user = bucket.users.find(bare.to_string());
  if (user == bucket.users.end()) return;
  std::erase_if(user->second, [&](const SessionInfo& s) {
    return s.handle.get() == handle && s.resource == full.resource();
  });
  if (user->second.empty()) bucket.users.erase(user);
}

bool SessionManager::transfer(const jid::Jid& full, const SessionHandle* from,
                              SessionHandlePtr to) {
  auto bare = full.bare();
  auto& bucket = bucket_of(bare);
  std::lock_guard lock(bucket.mutex);
  auto user = bucket.users.find(bare.to_string());
  if (user == bucket.users.end()) return false;
  for (auto& s : user->second) {
    if (s.resource != full.resource() || s.handle.get() != from) continue;
    s.handle = std::move(to);
    return true;
  }
  return false;
}

void SessionManager::set_presence(const jid::Jid& full, const SessionHandle* handle, int priority,
                                  bool available,
                                  std::shared_ptr<const xml::Element> presence) {
  auto bare = full.bare();
  auto& bucket = bucket_of(bare);
  std::lock_guard lock(bucket.mutex);
  auto user = bucket.users.find(bare.to_string());
  if (user == bucket.users.end()) return;
  for (auto& s : user->second) {
    if (s.resource != full.resource() || s.handle.get() != handle) continue;
    s.priority = priority;
    s.available = available;
    s.presence = std::move(presence);
    return;
  }
}

std::vector<SessionInfo> SessionManager::sessions(const jid::Jid& bare) const {
  auto& bucket = bucket_of(bare);
  std::lock_guard lock(bucket.mutex);
  auto user = bucket.users.find(bare.to_string());
  if (user == bucket.users.end()) return {};
  return user->second;
}

std::vector<std::pair<std::string, SessionInfo>> SessionManager::all(
    std::string_view domain) const {
  std::vector<std::pair<std::string, SessionInfo>> out;
  for (auto& bucket : buckets_) {
    std::lock_guard lock(bucket.mutex);
    for (const auto& [bare, resources] : bucket.users) {
      auto at = bare.find('@');
      std::string_view host =
          at == std::string::npos ? std::string_view(bare) : std::string_view(bare).substr(at + 1);
      if (!domain.empty() && host != domain) continue;
      for (const auto& info : resources) out.emplace_back(bare + "/" + info.resource, info);
    }
  }
  return out;
}

bool SessionManager::has_sessions(const jid::Jid& bare) const {
  auto& bucket = bucket_of(bare);
  std::lock_guard lock(bucket.mutex);
  return bucket.users.find(std::string(bare.bare_view())) != bucket.users.end();
}

SessionHandlePtr SessionManager::find(const jid::Jid& full) const {
  auto bare = full.bare();
  auto& bucket = bucket_of(bare);
  std::lock_guard lock(bucket.mutex);
  auto user = bucket.users.find(bare.to_string());
  if (user == bucket.users.end()) return nullptr;
  for (const auto& s : user->second) {
    if (s.resource == full.resource()) return s.handle;
  }
  return nullptr;
}

std::size_t SessionManager::count() const {
  std::size_t n = 0;
  for (auto& bucket : buckets_) {
    std::lock_guard lock(bucket.mutex);
    for (const auto& [bare, resources] : bucket.users) n += resources.size();
  }
  return n;
}

void SessionManager::terminate_all(const jid::Jid& bare, stanza::StreamErrorCondition condition,
                                   std::string text) const {
  for (auto& session : sessions(bare)) {
    boost::asio::post(session.handle->executor, [handle = session.handle, condition, text] {
      if (handle->sink) handle->sink->terminate(condition, text);
    });
  }
}

void SessionManager::deliver(const SessionHandlePtr& handle, xml::Element stanza) const {
  boost::asio::post(handle->executor, [this, handle, stanza = std::move(stanza)]() mutable {
    if (handle->sink) {
      handle->sink->deliver(std::move(stanza));
    } else if (orphan_handler_) {
      orphan_handler_(handle->executor, std::move(stanza));
    }
  });
}

}  // namespace meerkat::router
