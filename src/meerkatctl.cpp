// SPDX-License-Identifier: Apache-2.0
// meerkatctl: runs an administration command on a running server through its admin GraphQL
// endpoint (DESIGN.md "Command line"). Command line → GraphQL request → printed result;
// nothing else lives here.
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>
#include <variant>

#include "api/graphql/schema_text.hpp"
#include "ctl/ctl_commands.hpp"
#include "ctl/ctl_http.hpp"

namespace {

namespace json = boost::json;
using meerkat::ctl::Catalog;

enum Exit { kDone = 0, kFailed = 1, kUsage = 2, kUnreachable = 3 };

struct Settings {
  std::string url = "http://localhost:5551/api/graphql";
  std::optional<std::string> user;
  std::optional<std::string> password;
};

std::string env_or(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

void pretty(const json::value& v, std::ostream& out, int indent = 0) {
  std::string pad(indent + 2, ' ');
  if (v.is_object() && !v.as_object().empty()) {
    out << "{\n";
    bool first = true;
    for (const auto& [key, item] : v.as_object()) {
      out << (first ? "" : ",\n") << pad << json::serialize(json::string(key)) << ": ";
      pretty(item, out, indent + 2);
      first = false;
    }
    out << "\n" << std::string(indent, ' ') << "}";
  } else if (v.is_array() && !v.as_array().empty()) {
    out << "[\n";
    bool first = true;
    for (const auto& item : v.as_array()) {
      out << (first ? "" : ",\n") << pad;
      pretty(item, out, indent + 2);
      first = false;
    }
    out << "\n" << std::string(indent, ' ') << "]";
  } else {
    out << json::serialize(v);
  }
}

// Prints the command's result (a string as it is); the errors to stderr.
int report(const json::value& response, const meerkat::ctl::Command& command) {
  const auto& o = response.as_object();
  const json::value* result = nullptr;
  if (const auto* data = o.if_contains("data"); data && data->is_object()) {
    if (const auto* category = data->as_object().if_contains(command.category);
        category && category->is_object()) {
      result = category->as_object().if_contains(command.name);
    }
  }
  if (result && result->is_string()) {
    std::cout << std::string_view(result->as_string()) << "\n";
  } else if (result && !result->is_null()) {
    pretty(*result, std::cout);
    std::cout << "\n";
  }
  const auto* errors = o.if_contains("errors");
  if (!errors || !errors->is_array() || errors->as_array().empty()) return kDone;
  for (const auto& e : errors->as_array()) {
    std::cerr << "error: " << std::string_view(e.at("message").as_string());
    if (const auto* ext = e.as_object().if_contains("extensions")) {
      if (const auto* code = ext->as_object().if_contains("code"))
        std::cerr << " (" << std::string_view(code->as_string()) << ")";
    }
    std::cerr << "\n";
  }
  return kFailed;
}

int run(const Settings& settings, const meerkat::ctl::Command& command,
        const meerkat::ctl::BuiltRequest& request) {
  auto endpoint = meerkat::ctl::parse_url(settings.url);
  if (auto* error = std::get_if<std::string>(&endpoint)) {
    std::cerr << "meerkatctl: " << *error << "\n";
    return kUsage;
  }
  std::optional<std::string> auth;
  if (settings.user) auth = *settings.user + ":" + settings.password.value_or("");
  json::object body{{"query", request.query}, {"variables", request.variables}};
  auto answer = meerkat::ctl::post_json(std::get<0>(endpoint), json::serialize(body), auth);
  if (auto* error = std::get_if<std::string>(&answer)) {
    std::cerr << "meerkatctl: " << *error << "\n";
    return kUnreachable;
  }
  const auto& http = std::get<meerkat::ctl::HttpResult>(answer);
  boost::system::error_code ec;
  auto response = json::parse(http.body, ec);
  if (http.status == 401) {
    std::cerr << "meerkatctl: the server refused the credentials (--user, --password)\n";
    return kUnreachable;
  }
  if (ec || !response.is_object()) {
    std::cerr << "meerkatctl: unexpected answer (HTTP " << http.status << "): " << http.body
              << "\n";
    return kUnreachable;
  }
  return report(response, command);
}

}  // namespace

int main(int argc, char** argv) {
  auto schema = meerkat::graphql::Schema::parse(meerkat::api::graphql::admin_schema_text());
  if (!schema) {
    std::cerr << "meerkatctl: the compiled-in schema is broken: " << schema.error().message << "\n";
    return kFailed;
  }
  Catalog catalog(*schema);
  Settings settings{env_or("MEERKATCTL_URL", "http://localhost:5551/api/graphql"), std::nullopt,
                    std::nullopt};
  if (const char* u = std::getenv("MEERKATCTL_USER")) settings.user = u;
  if (const char* p = std::getenv("MEERKATCTL_PASSWORD")) settings.password = p;
  std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t i = 0;
  for (; i < args.size() && args[i].starts_with("--"); ++i) {
    const auto& flag = args[i];
    if (flag == "--help") {
      std::cout << catalog.usage();
      return kDone;
    }
    if (i + 1 >= args.size() || (flag != "--url" && flag != "--user" && flag != "--password")) {
      std::cerr << "meerkatctl: unknown option " << flag << "\n\n" << catalog.usage();
      return kUsage;
    }
    auto& target = flag == "--url"    ? settings.url
                   : flag == "--user" ? settings.user.emplace()
                                      : settings.password.emplace();
    target = args[++i];
  }
  if (i >= args.size()) {
    std::cerr << catalog.usage();
    return kUsage;
  }
  const auto category = args[i++];
  if (catalog.commands(category).empty()) {
    std::cerr << "meerkatctl: unknown category " << category << "\n\n" << catalog.usage();
    return kUsage;
  }
  if (i >= args.size() || args[i] == "--help") {
    (i >= args.size() ? std::cerr : std::cout) << catalog.category_usage(category);
    return i >= args.size() ? kUsage : kDone;
  }
  const auto* command = catalog.find(category, args[i++]);
  if (!command) {
    std::cerr << "meerkatctl: unknown command " << args[i - 1] << "\n\n"
              << catalog.category_usage(category);
    return kUsage;
  }
  std::vector<std::pair<std::string, std::string>> options;
  for (; i < args.size(); ++i) {
    if (args[i] == "--help") {
      std::cout << catalog.command_usage(*command);
      return kDone;
    }
    auto eq = args[i].find('=');
    if (!args[i].starts_with("--") || (eq == std::string::npos && i + 1 >= args.size())) {
      std::cerr << "meerkatctl: expected --OPTION VALUE, got " << args[i] << "\n\n"
                << catalog.command_usage(*command);
      return kUsage;
    }
    if (eq != std::string::npos) {
      options.emplace_back(args[i].substr(2, eq - 2), args[i].substr(eq + 1));
    } else {
      options.emplace_back(args[i].substr(2), args[i + 1]);
      ++i;
    }
  }
  auto built = catalog.build(*command, options);
  if (auto* error = std::get_if<std::string>(&built)) {
    std::cerr << "meerkatctl: " << *error << "\n\n" << catalog.command_usage(*command);
    return kUsage;
  }
  return run(settings, *command, std::get<0>(built));
}
