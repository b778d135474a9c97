// SPDX-License-Identifier: Apache-2.0
#include "http/server/handler.hpp"

namespace meerkat::http {

Response make_response(const Request& request, Status status, std::string body,
                       std::string_view content_type) {
  Response response(status, request.version());
  if (!body.empty() || status != Status::no_content) {
    response.set(beast_http::field::content_type, content_type);
  }
  response.body() = std::move(body);
  return response;
}

Response make_error(const Request& request, Status status) {
  auto reason = beast_http::obsolete_reason(status);
  return make_response(request, status,
                       std::to_string(static_cast<unsigned>(status)) + " " + std::string(reason) + "\n");
}

}  // namespace meerkat::http
