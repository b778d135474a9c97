// SPDX-License-Identifier: Apache-2.0
// metric: the metrics registry as MongooseIM's metric category shows it. A metric's name is
// its series name followed by its label values (["meerkat_c2s_stanzas_received_total",
// "message"]); `name` filters by prefix. Histograms report microseconds, as MongooseIM's do.
#include <unistd.h>

#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "observability/metrics.hpp"

namespace meerkat::api::graphql {

namespace {

using observability::MetricKind;
using observability::Sample;

std::vector<std::string> path_of(const Sample& s) {
  std::vector<std::string> path{s.name};
  for (const auto& [key, value] : s.labels) path.push_back(value);
  return path;
}

bool matches(const std::vector<std::string>& path, const json::value* filter) {
  if (!filter || !filter->is_array()) return true;
  const auto& prefix = filter->as_array();
  if (prefix.size() > path.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (!prefix[i].is_string() || prefix[i].as_string() != path[i]) return false;
  }
  return true;
}

// Whether `filter` (a list of strings; absent or empty: anything) lets `s` through.
bool lets_through(const json::value* filter, std::string_view s) {
  if (!filter || !filter->is_array() || filter->as_array().empty()) return true;
  for (const auto& item : filter->as_array()) {
    if (item.is_string() && item.as_string() == s) return true;
  }
  return false;
}

std::int64_t micros(double seconds) { return static_cast<std::int64_t>(seconds * 1e6); }

// The metric's fields, by the names of its GraphQL type.
json::object fields_of(const Sample& s, std::chrono::steady_clock::time_point started) {
  json::object o;
  if (s.kind == MetricKind::kHistogram) {
    const auto& h = *s.hist;
    o["type"] = "histogram";
    o["n"] = h.count;
    o["mean"] = h.count ? micros(h.sum / static_cast<double>(h.count)) : 0;
    o["min"] = micros(h.quantile(0));
    o["max"] = micros(h.quantile(1));
    o["median"] = micros(h.quantile(0.5));
    for (auto [key, q] : {std::pair{"p50", 0.5},
                          {"p75", 0.75},
                          {"p90", 0.9},
                          {"p95", 0.95},
                          {"p99", 0.99},
                          {"p999", 0.999}}) {
      o[key] = micros(h.quantile(q));
    }
  } else if (s.kind == MetricKind::kCounter) {
    o["type"] = "counter";
    o["value"] = static_cast<std::int64_t>(s.value);
    o["ms_since_reset"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count();
  } else {
    o["type"] = "gauge";
    o["value"] = static_cast<std::int64_t>(s.value);
  }
  return o;
}

json::array name_json(const Sample& s) {
  json::array out;
  for (const auto& part : path_of(s)) out.emplace_back(json::string(part));
  return out;
}

Awaitable get_metrics(ApiServices&, const FieldContext& c) {
  auto& registry = observability::Registry::global();
  static constexpr const char* kTypes[] = {"CounterMetric", "GaugeMetric", "HistogramMetric"};
  json::array out;
  for (const auto& s : registry.samples()) {
    if (!matches(path_of(s), c.arguments.if_contains("name"))) continue;
    auto o = fields_of(s, registry.started());
    o["name"] = name_json(s);
    o["__typename"] = kTypes[static_cast<int>(s.kind)];
    out.push_back(std::move(o));
  }
  co_return Resolved(json::value(std::move(out)));
}

json::array dicts(const FieldContext& c) {
  auto& registry = observability::Registry::global();
  const auto* keys = c.arguments.if_contains("keys");
  json::array out;
  for (const auto& s : registry.samples()) {
    if (!matches(path_of(s), c.arguments.if_contains("name"))) continue;
    json::array dict;
    for (const auto& [key, value] : fields_of(s, registry.started())) {
      if (!value.is_number()) continue;
      if (lets_through(keys, key)) dict.push_back(json::object{{"key", key}, {"value", value}});
    }
    out.push_back(json::object{{"name", name_json(s)}, {"dict", std::move(dict)}});
  }
  return out;
}

Awaitable get_metrics_as_dicts(ApiServices&, const FieldContext& c) {
  co_return Resolved(json::value(dicts(c)));
}

// One node: this one.
Awaitable get_cluster_metrics_as_dicts(ApiServices&, const FieldContext& c) {
  char host[256] = "localhost";
  gethostname(host, sizeof host - 1);
  std::string node = std::string("meerkat@") + host;
  json::array out;
  if (lets_through(c.arguments.if_contains("nodes"), node))
    out.push_back(json::object{{"node", node}, {"result", dicts(c)}});
  co_return Resolved(json::value(std::move(out)));
}

}  // namespace

void add_metric_commands(Executors executors, ApiServices& services) {
  auto& admin = executors.admin;
  add_command(admin, services, "MetricAdminQuery", "getMetrics", get_metrics);
  add_command(admin, services, "MetricAdminQuery", "getMetricsAsDicts", get_metrics_as_dicts);
  add_command(admin, services, "MetricAdminQuery", "getClusterMetricsAsDicts",
              get_cluster_metrics_as_dicts);
}

}  // namespace meerkat::api::graphql
