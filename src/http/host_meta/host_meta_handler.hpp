// SPDX-License-Identifier: Apache-2.0
// XEP-0156 discovery of the listener's BOSH and WebSocket endpoints, at
// /.well-known/host-meta (XRD) and /.well-known/host-meta.json (JRD).
#pragma once

#include <string>
#include <vector>

#include "http/server/handler.hpp"

namespace meerkat::http::host_meta {

struct Endpoint {
  enum class Kind { kBosh, kWebSocket } kind;
  std::string host;  // the handler's host, "_" for any
  std::string path;
};

class HostMetaHandler final : public Handler {
 public:
  HostMetaHandler(std::vector<Endpoint> endpoints, bool tls, bool json)
      : endpoints_(std::move(endpoints)), tls_(tls), json_(json) {}

  boost::asio::awaitable<std::optional<Response>> handle(Request& request,
                                                         Exchange& exchange) override;

 private:
  std::vector<Endpoint> endpoints_;
  bool tls_;
  bool json_;
};

}  // namespace meerkat::http::host_meta
