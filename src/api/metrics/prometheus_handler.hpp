// SPDX-License-Identifier: Apache-2.0
// mongoose_prometheus_handler: the metrics registry in Prometheus text format, for scraping.
#pragma once

#include "http/server/handler.hpp"

namespace meerkat::api::metrics {

class PrometheusHandler final : public http::Handler {
 public:
  boost::asio::awaitable<std::optional<http::Response>> handle(http::Request& request,
                                                               http::Exchange& exchange) override;
};

}  // namespace meerkat::api::metrics
