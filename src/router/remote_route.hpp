// SPDX-License-Identifier: Apache-2.0
// The router's view of federation (STYLE.md: the router owns this interface, the s2s layer
// implements it): where stanzas for domains this server does not serve go.
#pragma once

#include "core/jid/jid.hpp"
#include "core/xml/element.hpp"

namespace meerkat::router {

class RemoteRoute {
 public:
  virtual ~RemoteRoute() = default;
  // Takes `stanza` from `from` (a domain served here) to `to` (a remote domain). Called on
  // any shard; a stanza that cannot be delivered comes back to its sender as an error.
  virtual void send(const jid::Jid& from, const jid::Jid& to, xml::Element stanza) = 0;
};

}  // namespace meerkat::router
