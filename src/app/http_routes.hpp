// SPDX-License-Identifier: Apache-2.0
// The routing table of a [[listen.http]] listener: its configured handlers (BOSH, WebSocket;
// GraphQL, REST and metrics answer 501 until they exist) and XEP-0156 host-meta for the
// client endpoints among them.
#pragma once

#include <memory>

#include "app/listener_kinds.hpp"
#include "http/bosh/bosh_registry.hpp"
#include "http/server/http_settings.hpp"

namespace meerkat::app {

std::unique_ptr<http::HttpSettings> make_http_settings(const config::HttpListenerOptions& listener,
                                                       std::size_t index,
                                                       const ListenerEnvironment& env,
                                                       http::bosh::BoshRegistry& bosh);

}  // namespace meerkat::app
