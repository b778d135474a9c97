// SPDX-License-Identifier: Apache-2.0
#include "api/rest/swagger_ui.hpp"

#include <boost/json.hpp>

#include "api/rest/embedded_files.hpp"
#include "api/rest/route_table.hpp"

namespace meerkat::api::rest {

namespace {

namespace json = boost::json;

struct Asset {
  std::string_view name;
  std::string_view content_type;
};

constexpr Asset kSwaggerAssets[] = {
    {"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
    {"swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"},
    {"swagger-ui.css", "text/css; charset=utf-8"},
};

// Swagger UI's standalone layout: the top bar's selector switches between the two documents.
std::string index_page(const std::string& base) {
  return R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Meerkat REST API</title>
<link rel="stylesheet" href=")" +
         base + R"(/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src=")" +
         base + R"(/swagger-ui-bundle.js"></script>
<script src=")" +
         base + R"(/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  urls: [{url: ")" +
         base + R"(/client.json", name: "Client API"},
         {url: ")" +
         base + R"(/admin.json", name: "Admin API"}],
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout"
});
</script>
</body>
</html>
)";
}

// The embedded client.json, its server URL pointed at where this handler serves the API.
std::string client_document(const std::string& api_path) {
  const auto* file = find_embedded_file("client.json");
  if (!file) return {};
  boost::system::error_code ec;
  auto document = json::parse(file->content, ec);
  if (ec || !document.is_object()) return std::string(file->content);
  document.as_object()["servers"] = json::array{json::object{
      {"url", api_path.empty() ? "/" : api_path}, {"description", "This server's client API."}}};
  return json::serialize(document);
}

http::Response file_response(const http::Request& request, std::string_view content,
                             std::string_view content_type) {
  auto response =
      http::make_response(request, http::Status::ok, std::string(content), content_type);
  response.set(http::beast_http::field::cache_control, "public, max-age=3600");
  return response;
}

http::Response not_installed(const http::Request& request, const std::string& base) {
  return http::make_response(request, http::Status::service_unavailable,
                             "Swagger UI was not installed when this server was built (run "
                             "scripts/install-deps.sh, then rebuild). The API documents are at " +
                                 base + "/client.json and " + base + "/admin.json\n");
}

}  // namespace

SwaggerUi::SwaggerUi(std::string api_path, std::optional<std::string> base)
    : base_(base ? std::move(*base) : api_path + "/api-docs"),
      index_(index_page(base_)),
      client_json_(client_document(api_path)) {}

http::Response SwaggerUi::serve(const http::Request& request,
                                const std::vector<std::string>& rest) const {
  if (request.method() != http::beast_http::verb::get) {
    auto response = http::make_error(request, http::Status::method_not_allowed);
    response.set(http::beast_http::field::allow, "GET");
    return response;
  }
  if (rest.size() > 1) return http::make_error(request, http::Status::not_found);
  std::string_view name = rest.empty() ? std::string_view("index.html") : rest.front();
  if (name == "client.json") return file_response(request, client_json_, "application/json");
  if (name == "admin.json") {
    const auto* file = find_embedded_file(name);
    if (!file) return http::make_error(request, http::Status::not_found);
    return file_response(request, file->content, "application/json");
  }
  bool installed = find_embedded_file(kSwaggerAssets[0].name) != nullptr;
  if (name == "index.html") {
    if (!installed) return not_installed(request, base_);
    return http::make_response(request, http::Status::ok, index_, "text/html; charset=utf-8");
  }
  for (const auto& asset : kSwaggerAssets) {
    if (asset.name != name) continue;
    const auto* file = find_embedded_file(name);
    if (!file) return not_installed(request, base_);
    return file_response(request, file->content, asset.content_type);
  }
  return http::make_error(request, http::Status::not_found);
}

SwaggerUiHandler::SwaggerUiHandler(std::string api_path, std::string base)
    : base_(base), ui_(std::move(api_path), std::move(base)) {}

boost::asio::awaitable<std::optional<http::Response>> SwaggerUiHandler::handle(
    http::Request& request, http::Exchange&) {
  auto segments = segments_below(request.target(), base_);
  if (!segments) co_return http::make_error(request, http::Status::bad_request);
  co_return ui_.serve(request, *segments);
}

}  // namespace meerkat::api::rest
