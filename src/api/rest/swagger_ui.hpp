// SPDX-License-Identifier: Apache-2.0
// <client api path>/api-docs: Swagger UI (npm swagger-ui-dist, embedded at build time) under
// an index page of ours that offers the client and the admin API documents, served beside it
// as client.json and admin.json. MongooseIM serves the same at /api-docs.
#pragma once

#include <string>
#include <vector>

#include "http/server/handler.hpp"

namespace meerkat::api::rest {

class SwaggerUi {
 public:
  // `api_path`: the client API's path without a trailing "/" ("" for the root).
  explicit SwaggerUi(std::string api_path);

  // `rest`: the path segments below api-docs.
  http::Response serve(const http::Request& request, const std::vector<std::string>& rest) const;

 private:
  std::string base_;         // "<api path>/api-docs"
  std::string index_;        // the index page
  std::string client_json_;  // client.json with its server URL set to the API's path
};

}  // namespace meerkat::api::rest
