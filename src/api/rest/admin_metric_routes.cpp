// SPDX-License-Identifier: Apache-2.0
// REST admin API, group "metrics": the metric.getMetricsAsDicts command, regrouped as
// MongooseIM's REST API shows metrics, per host type or global. A GraphQL metric name is the
// series name followed by its label values; a label value that is a host type of the
// configuration makes the metric that host type's, any other metric is global. The REST name
// is the remaining segments joined with ".".
#include <algorithm>
#include <set>

#include "api/rest/admin_routes.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kMetrics =
    "query { metric { getMetricsAsDicts { name dict { key value } } } }";
constexpr std::string_view kGlobal = "global";

struct Metric {
  std::string scope;  // host type or "global"
  std::string name;
  json::object values;  // data point name → number
};

// The host types of the configuration: static domains are each their own host type.
std::vector<std::string> host_types(const RestCall& call) {
  const auto& general = call.api().services().config.general;
  std::vector<std::string> out = general.hosts;
  out.insert(out.end(), general.host_types.begin(), general.host_types.end());
  return out;
}

bool is_host_type(const RestCall& call, std::string_view name) {
  auto types = host_types(call);
  return std::find(types.begin(), types.end(), name) != types.end();
}

Metric metric_of(const json::array& parts, const RestCall& call) {
  Metric metric;
  metric.scope = std::string(kGlobal);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i].is_string() ? std::string_view(parts[i].as_string()) : "";
    if (i > 0 && metric.scope == kGlobal && is_host_type(call, part)) {
      metric.scope = std::string(part);
      continue;
    }
    if (!metric.name.empty()) metric.name += '.';
    metric.name += part;
  }
  return metric;
}

std::vector<Metric> metrics_of(const json::value& result, const RestCall& call) {
  std::vector<Metric> out;
  if (!result.is_array()) return out;
  for (const auto& item : result.as_array()) {
    if (!item.is_object()) continue;
    const auto* name = item.as_object().if_contains("name");
    const auto* dict = item.as_object().if_contains("dict");
    if (!name || !name->is_array() || name->as_array().empty()) continue;
    Metric metric = metric_of(name->as_array(), call);
    if (dict && dict->is_array()) {
      for (const auto& entry : dict->as_array()) {
        const auto& e = entry.as_object();
        if (e.at("key").is_string()) metric.values[e.at("key").as_string()] = e.at("value");
      }
    }
    out.push_back(std::move(metric));
  }
  return out;
}

// Runs the metric query; the metrics, or the error response.
boost::asio::awaitable<RestResult<std::vector<Metric>>> fetch(RestCall& call) {
  auto run = call.graphql("metric", "getMetricsAsDicts", kMetrics, {});
  auto result = co_await std::move(run);
  if (!result) co_return result.error();
  co_return metrics_of(*result, call);
}

// Each data point added up over the matching metrics.
json::object sum(const std::vector<Metric>& metrics, std::string_view name) {
  json::object total;
  for (const auto& m : metrics) {
    if (m.scope == kGlobal || m.name != name) continue;
    for (const auto& [key, value] : m.values) {
      double add = value.is_number() ? value.to_number<double>() : 0;
      auto* current = total.if_contains(key);
      double before = current && current->is_number() ? current->to_number<double>() : 0;
      double now = before + add;
      total[key] = now == static_cast<double>(static_cast<std::int64_t>(now))
                       ? json::value(static_cast<std::int64_t>(now))
                       : json::value(now);
    }
  }
  return total;
}

RestError unknown_metric() { return {http::Status::not_found, "Metric not found", {}}; }

// GET /metrics/: {host_types, metrics, global}
Reply list_names(RestCall call) {
  auto fetched = fetch(call);
  auto metrics = co_await std::move(fetched);
  if (!metrics) co_return error_reply(call.request(), metrics.error());
  auto types = host_types(call);
  std::set<std::string> names;
  std::set<std::string> global;
  for (const auto& m : *metrics) (m.scope == kGlobal ? global : names).insert(m.name);
  auto array = [](const std::set<std::string>& set) {
    json::array out;
    for (const auto& s : set) out.emplace_back(json::string(s));
    return out;
  };
  co_return json_reply(
      call.request(), http::Status::ok,
      json::object{{"host_types", array(std::set<std::string>(types.begin(), types.end()))},
                   {"metrics", array(names)},
                   {"global", array(global)}});
}

// GET /metrics/all[/{metric}]: summed over host types.
Reply aggregated(RestCall call) {
  auto fetched = fetch(call);
  auto metrics = co_await std::move(fetched);
  if (!metrics) co_return error_reply(call.request(), metrics.error());
  if (call.param_count() == 1) {
    auto total = sum(*metrics, call.param(0));
    if (total.empty()) co_return error_reply(call.request(), unknown_metric());
    co_return json_reply(call.request(), http::Status::ok, json::object{{"metric", total}});
  }
  json::object out;
  for (const auto& m : *metrics) {
    if (m.scope != kGlobal && !out.contains(m.name)) out[m.name] = sum(*metrics, m.name);
  }
  co_return json_reply(call.request(), http::Status::ok, json::object{{"metrics", out}});
}

// The metrics of one scope (a host type, or "global"): all ({metrics}) or one ({metric}).
Reply scoped(RestCall call, std::string scope, std::optional<std::string> name) {
  auto fetched = fetch(call);
  auto metrics = co_await std::move(fetched);
  if (!metrics) co_return error_reply(call.request(), metrics.error());
  json::object out;
  for (const auto& m : *metrics) {
    if (m.scope == scope && (!name || m.name == *name)) out[m.name] = m.values;
  }
  if (scope != kGlobal && out.empty() && !is_host_type(call, scope)) {
    co_return error_reply(call.request(), {http::Status::not_found, "Host type not found", {}});
  }
  if (!name) {
    co_return json_reply(call.request(), http::Status::ok, json::object{{"metrics", out}});
  }
  if (out.empty()) co_return error_reply(call.request(), unknown_metric());
  co_return json_reply(call.request(), http::Status::ok, json::object{{"metric", out.at(*name)}});
}

// GET /metrics/host_type/{hostType}[/{metric}]
Reply host_type_metrics(RestCall call) {
  std::string scope = call.param(0);
  std::optional<std::string> name;
  if (call.param_count() == 2) name = call.param(1);
  auto run = scoped(std::move(call), std::move(scope), std::move(name));
  co_return co_await std::move(run);
}

// GET /metrics/global[/{metric}]
Reply global_metrics(RestCall call) {
  std::optional<std::string> name;
  if (call.param_count() == 1) name = call.param(0);
  auto run = scoped(std::move(call), std::string(kGlobal), std::move(name));
  co_return co_await std::move(run);
}

}  // namespace

void add_admin_metric_routes(std::vector<RestRoute>& routes) {
  routes.insert(
      routes.end(),
      {
          {Verb::get, "metrics", "metrics", list_names},
          {Verb::get, "metrics/all", "metrics", aggregated},
          {Verb::get, "metrics/all/:metric", "metrics", aggregated},
          {Verb::get, "metrics/host_type/:hostType", "metrics", host_type_metrics},
          {Verb::get, "metrics/host_type/:hostType/:metric", "metrics", host_type_metrics},
          {Verb::get, "metrics/global", "metrics", global_metrics},
          {Verb::get, "metrics/global/:metric", "metrics", global_metrics},
      });
}

}  // namespace meerkat::api::rest
