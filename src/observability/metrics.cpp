// SPDX-License-Identifier: Apache-2.0
#include "observability/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace meerkat::observability {

std::size_t Counter::slot() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kSlots;
  return mine;
}

std::uint64_t Counter::value() const {
  std::uint64_t sum = 0;
  for (const auto& s : slots_) sum += s.value.load(std::memory_order_relaxed);
  return sum;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(bounds_.size() + 1) {}

void Histogram::observe(double seconds) {
  auto at = std::lower_bound(bounds_.begin(), bounds_.end(), seconds) - bounds_.begin();
  buckets_[static_cast<std::size_t>(at)].inc();
  sum_micros_.inc(static_cast<std::uint64_t>(std::max(0.0, seconds) * 1e6));
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  std::uint64_t running = 0;
  for (const auto& b : buckets_) {
    running += b.value();
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = static_cast<double>(sum_micros_.value()) / 1e6;
  return s;
}

double Histogram::Snapshot::quantile(double q) const {
  if (count == 0) return 0;
  auto rank = q * static_cast<double>(count);
  for (std::size_t i = 0; i < cumulative.size(); ++i) {
    if (static_cast<double>(cumulative[i]) < rank) continue;
    if (i == bounds.size()) return bounds.empty() ? 0 : bounds.back();  // in +Inf
    double low = i == 0 ? 0 : bounds[i - 1];
    double below = i == 0 ? 0 : static_cast<double>(cumulative[i - 1]);
    double in_bucket = static_cast<double>(cumulative[i]) - below;
    return low + (bounds[i] - low) * (in_bucket > 0 ? (rank - below) / in_bucket : 1);
  }
  return bounds.empty() ? 0 : bounds.back();
}

std::vector<double> latency_buckets() {
  return {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
          0.025,   0.05,     0.1,     0.25,   0.5,     1,      2.5,   5,      10};
}

Registry& Registry::global() {
  static Registry registry;
  return registry;
}

Registry::Family& Registry::family(const std::string& name, const std::string& help,
                                   MetricKind kind) {
  auto [it, added] = families_.try_emplace(name);
  if (added) {
    it->second.help = help;
    it->second.kind = kind;
  } else if (it->second.kind != kind) {
    throw std::logic_error("metric " + name + " registered with two kinds");
  }
  return it->second;
}

Counter& Registry::counter(const std::string& name, const std::string& help, Labels labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, MetricKind::kCounter).counters[std::move(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help, Labels labels,
                               std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, MetricKind::kHistogram).histograms[std::move(labels)];
  if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
  return *slot;
}

std::shared_ptr<void> Registry::reader(const std::string& name, const std::string& help,
                                       MetricKind kind, Labels labels, GaugeFn read) {
  auto owned = std::make_shared<GaugeFn>(std::move(read));
  std::lock_guard lock(mutex_);
  family(name, help, kind).readers[std::move(labels)] = owned;
  return owned;
}

std::vector<Sample> Registry::samples() const {
  std::vector<Sample> out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, f] : families_) {
    for (const auto& [labels, c] : f.counters) {
      out.push_back({name, f.help, f.kind, labels, static_cast<double>(c->value()), std::nullopt});
    }
    for (const auto& [labels, h] : f.histograms) {
      out.push_back({name, f.help, f.kind, labels, 0, h->snapshot()});
    }
    for (const auto& [labels, g] : f.readers) {
      if (auto read = g.lock())
        out.push_back({name, f.help, f.kind, labels, (*read)(), std::nullopt});
    }
  }
  return out;
}

namespace {

std::string escaped(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string label_text(const Labels& labels, const std::string& extra = {}) {
  if (labels.empty() && extra.empty()) return {};
  std::string out = "{";
  for (const auto& [k, v] : labels) out += k + "=\"" + escaped(v) + "\",";
  out += extra;
  if (out.back() == ',') out.pop_back();
  return out + "}";
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

}  // namespace

std::string prometheus_text(const std::vector<Sample>& samples) {
  static constexpr const char* kTypes[] = {"counter", "gauge", "histogram"};
  std::string out;
  std::string current;
  for (const auto& s : samples) {
    if (s.name != current) {
      current = s.name;
      out += "# HELP " + s.name + " " + s.help + "\n";
      out += "# TYPE " + s.name + " " + kTypes[static_cast<int>(s.kind)] + "\n";
    }
    if (!s.hist) {
      out += s.name + label_text(s.labels) + " " + number(s.value) + "\n";
      continue;
    }
    const auto& h = *s.hist;
    for (std::size_t i = 0; i < h.cumulative.size(); ++i) {
      auto le = i < h.bounds.size() ? number(h.bounds[i]) : std::string("+Inf");
      out += s.name + "_bucket" + label_text(s.labels, "le=\"" + le + "\"") + " " +
             std::to_string(h.cumulative[i]) + "\n";
    }
    out += s.name + "_sum" + label_text(s.labels) + " " + number(h.sum) + "\n";
    out += s.name + "_count" + label_text(s.labels) + " " + std::to_string(h.count) + "\n";
  }
  return out;
}

}  // namespace meerkat::observability
