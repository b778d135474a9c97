// SPDX-License-Identifier: Apache-2.0
// External components (XEP-0114) by the domains they serve, with the handle deliveries go
// through. One component per domain: a second one is refused or replaces the first
// (listen.service conflict_behaviour). Guarded by one mutex; nothing here suspends.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "router/session_sink.hpp"

namespace meerkat::router {

class ComponentTable {
 public:
  struct Binding {
    SessionHandlePtr handle;
    bool hidden = false;  // left out of the server's disco#items (hidden_components)
  };

  // Binds every domain of `domains`, or none: false when one is taken and `replace` is off.
  // With `replace`, the handles of the components it displaces are added to `replaced`.
  bool bind(const std::vector<std::string>& domains, const Binding& binding, bool replace,
            std::vector<SessionHandlePtr>& replaced);
  // Removes the domains still bound to `handle` (a replaced component removes nothing).
  void unbind(const std::vector<std::string>& domains, const SessionHandle* handle);
  SessionHandlePtr find(std::string_view domain) const;
  // The domains shown in disco#items: not hidden.
  std::vector<std::string> visible_domains() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Binding> bound_;
};

}  // namespace meerkat::router
