// SPDX-License-Identifier: Apache-2.0
#include "api/metrics/prometheus_handler.hpp"

#include "observability/metrics.hpp"

namespace meerkat::api::metrics {

boost::asio::awaitable<std::optional<http::Response>> PrometheusHandler::handle(
    http::Request& request, http::Exchange&) {
  using http::beast_http::verb;
  if (request.method() != verb::get && request.method() != verb::head) {
    auto response = http::make_error(request, http::Status::method_not_allowed);
    response.set(http::beast_http::field::allow, "GET, HEAD");
    co_return response;
  }
  auto samples = observability::Registry::global().samples();
  co_return http::make_response(request, http::Status::ok, observability::prometheus_text(samples),
                                "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace meerkat::api::metrics
