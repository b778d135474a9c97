// SPDX-License-Identifier: Apache-2.0
// IQ handlers per (scope, namespace) (DESIGN.md "Hooks and IQ handlers"). The router calls the
// handler for the payload's namespace and turns its answer into the result or error reply
// (RFC 6120 §8.2.3: every get/set gets exactly one result or error).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/error/error.hpp"
#include "core/jid/jid.hpp"
#include "core/xml/element.hpp"

namespace meerkat::hooks {

// To whom the IQ is addressed: the server (a bare domain) or a local user's bare JID (the
// server answers on the account's behalf: roster, vCard, private storage…). kUnauthenticated
// IQs come from a client stream before SASL (XEP-0077 in-band registration); their `from` is
// empty and `to` is the stream's host.
// kService IQs go to a service on a domain of its own (ServerHooks::services).
enum class IqScope { kServer, kUser, kUnauthenticated, kService };

struct IqRequest {
  jid::Jid from;  // always a full or bare JID the server verified
  jid::Jid to;    // the domain, or the user's bare JID (also when the client sent no 'to')
  xml::Element iq;
  std::optional<boost::asio::ip::address> peer;  // the client's address, for kUnauthenticated
  // Set by a handler that must act once its reply is on its way (e.g. end the sessions of an
  // account it removed, after the requester got its result).
  std::function<void()> after_reply;
  bool is_get() const { return iq.attr_or("type", "") == "get"; }
  bool is_set() const { return iq.attr_or("type", "") == "set"; }
  // The first child element: the payload that selected the handler.
  const xml::Element& payload() const;
  // Whether the sender is the account itself (any of its resources).
  bool is_from_owner() const { return from.bare() == to.bare(); }
};

// The payload of the result (nullopt: an empty result), or the error to answer with.
using IqReply = Result<std::optional<xml::Element>>;
using IqHandler = std::function<boost::asio::awaitable<IqReply>(IqRequest&)>;

class IqHandlers {
 public:
  // Start-up only; a second handler for the same key is a configuration bug.
  void add(IqScope scope, std::string xmlns, IqHandler handler);
  const IqHandler* find(IqScope scope, std::string_view xmlns) const;

 private:
  std::map<std::pair<IqScope, std::string>, IqHandler, std::less<>> handlers_;
};

}  // namespace meerkat::hooks
