// SPDX-License-Identifier: Apache-2.0
// The metrics registry (DESIGN.md "Observability"): counters, gauges and histograms with
// labels, read by the Prometheus endpoint and the admin API's metric category.
//
// Shards update metrics on every stanza, so the hot operations touch no shared cache line:
// a counter is one padded slot per thread, summed only when someone reads it. Registration
// (by name and labels) takes a lock and happens at start-up or on first use of a label set;
// callers keep the returned reference.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace meerkat::observability {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { slots_[slot()].value.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const;

 private:
  static constexpr std::size_t kSlots = 16;
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> value{0};
  };
  static std::size_t slot();
  std::array<Slot, kSlots> slots_;
};

class Histogram {
 public:
  // Upper bounds of the buckets, in seconds, increasing; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);
  void observe(double seconds);
  void observe(std::chrono::steady_clock::duration d) {
    observe(std::chrono::duration<double>(d).count());
  }

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
    // The value below which `q` of the observations fall, interpolated within its bucket.
    double quantile(double q) const;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> bounds_;
  std::vector<Counter> buckets_;  // one per bound, then +Inf
  Counter sum_micros_;
};

// Latency buckets from 10 µs to 10 s.
std::vector<double> latency_buckets();

enum class MetricKind { kCounter, kGauge, kHistogram };

// One labelled series as a reader sees it.
struct Sample {
  std::string name;
  std::string help;
  MetricKind kind;
  Labels labels;
  double value = 0;                         // counter, gauge
  std::optional<Histogram::Snapshot> hist;  // histogram
};

class Registry {
 public:
  // The process's registry: metrics belong to the process, like its logs.
  static Registry& global();

  Counter& counter(const std::string& name, const std::string& help, Labels labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, Labels labels = {},
                       std::vector<double> bounds = latency_buckets());

  // A value read when the metrics are read (a gauge, or a counter kept elsewhere); it is
  // reported until the returned handle is dropped.
  using GaugeFn = std::function<double()>;
  std::shared_ptr<void> reader(const std::string& name, const std::string& help, MetricKind kind,
                               Labels labels, GaugeFn read);

  std::vector<Sample> samples() const;
  std::chrono::steady_clock::time_point started() const { return started_; }

 private:
  struct Family {
    std::string help;
    MetricKind kind;
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
    std::map<Labels, std::weak_ptr<GaugeFn>> readers;
  };
  Family& family(const std::string& name, const std::string& help, MetricKind kind);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// The Prometheus text exposition format (version 0.0.4) of `samples`.
std::string prometheus_text(const std::vector<Sample>& samples);

}  // namespace meerkat::observability
