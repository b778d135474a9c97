// SPDX-License-Identifier: Apache-2.0
// <client api path>/api-docs, and /api-docs as in MongooseIM: Swagger UI (npm
// swagger-ui-dist, embedded at build time) under an index page of ours that offers the client
// and the admin API documents, served beside it as client.json and admin.json.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/server/handler.hpp"

namespace meerkat::api::rest {

class SwaggerUi {
 public:
  // `api_path`: the client API's path without a trailing "/" ("" for the root); `base`:
  // where the UI is served, <api_path>/api-docs unless given.
  explicit SwaggerUi(std::string api_path, std::optional<std::string> base = std::nullopt);

  // `rest`: the path segments below api-docs.
  http::Response serve(const http::Request& request, const std::vector<std::string>& rest) const;

 private:
  std::string base_;         // "<api path>/api-docs"
  std::string index_;        // the index page
  std::string client_json_;  // client.json with its server URL set to the API's path
};

// The UI on a route of its own, /api-docs at the server's root.
class SwaggerUiHandler final : public http::Handler {
 public:
  SwaggerUiHandler(std::string api_path, std::string base);
  bool serves_subpaths() const override { return true; }
  boost::asio::awaitable<std::optional<http::Response>> handle(http::Request& request,
                                                               http::Exchange& exchange) override;

 private:
  std::string base_;
  SwaggerUi ui_;
};

}  // namespace meerkat::api::rest
