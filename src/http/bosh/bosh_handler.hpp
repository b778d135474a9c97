// SPDX-License-Identifier: Apache-2.0
// mod_bosh / mongoose_bosh_handler: BOSH requests (XEP-0124 over HTTP POST, with CORS for
// browsers) routed to their sessions; a request without a sid creates a session and the c2s
// stream that runs on it.
#pragma once

#include "http/bosh/bosh_registry.hpp"
#include "http/bosh/bosh_session.hpp"
#include "http/server/handler.hpp"
#include "net/spawn.hpp"
#include "stream/c2s/c2s_settings.hpp"

namespace meerkat::http::bosh {

// Largest request body: a few stanzas; each of them is bounded by the stream's own limits.
inline constexpr std::size_t kMaxBodySize = 1024 * 1024;

class BoshHandler final : public Handler {
 public:
  BoshHandler(BoshLimits limits, stream::c2s::C2sSettings c2s, BoshRegistry& registry,
              net::TaskGroup& tasks)
      : limits_(limits), c2s_(std::move(c2s)), registry_(registry), tasks_(tasks) {}

  std::size_t max_body_size() const override { return kMaxBodySize; }
  boost::asio::awaitable<std::optional<Response>> handle(Request& request,
                                                         Exchange& exchange) override;

 private:
  // A new session on this shard; nullptr when the client asked for a host we do not serve.
  std::shared_ptr<BoshSession> create_session(const ClientBody& body, Exchange& exchange,
                                                      const boost::asio::any_io_executor& shard);

  BoshLimits limits_;
  stream::c2s::C2sSettings c2s_;
  BoshRegistry& registry_;
  net::TaskGroup& tasks_;
};

}  // namespace meerkat::http::bosh
