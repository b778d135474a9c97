// SPDX-License-Identifier: Apache-2.0
#include "observability/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace meerkat::observability {
namespace {

TEST(Metrics, CountersSumTheirPerThreadSlots) {
  Registry registry;
  auto& counter = registry.counter("test_events_total", "Events", {{"kind", "a"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < 1000; ++i) counter.inc();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter.value(), 4000u);
  EXPECT_EQ(&registry.counter("test_events_total", "Events", {{"kind", "a"}}), &counter);
  EXPECT_THROW(registry.histogram("test_events_total", "Events"), std::logic_error);
}

TEST(Metrics, HistogramsEstimateQuantilesFromBuckets) {
  Histogram h({0.001, 0.01, 0.1});
  for (int i = 0; i < 90; ++i) h.observe(0.0005);
  for (int i = 0; i < 10; ++i) h.observe(0.05);
  auto s = h.snapshot();
  EXPECT_EQ(s.count, 100u);
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{90, 90, 100, 100}));
  EXPECT_NEAR(s.sum, 0.545, 1e-6);
  EXPECT_LE(s.quantile(0.5), 0.001);
  EXPECT_GT(s.quantile(0.99), 0.01);
  EXPECT_LE(s.quantile(0.99), 0.1);
}

TEST(Metrics, ReadersLiveAsLongAsTheirHandle) {
  Registry registry;
  auto handle = registry.reader("test_level", "Level", MetricKind::kGauge, {}, [] { return 7.0; });
  ASSERT_EQ(registry.samples().size(), 1u);
  EXPECT_EQ(registry.samples()[0].value, 7.0);
  handle.reset();
  EXPECT_TRUE(registry.samples().empty());
}

TEST(Metrics, PrometheusTextFollowsTheExpositionFormat) {
  Registry registry;
  registry.counter("test_sent_total", "Sent \"things\"", {{"type", "chat\n\"x\""}}).inc(3);
  registry.histogram("test_seconds", "Durations", {}, {0.5, 1}).observe(0.7);
  EXPECT_EQ(prometheus_text(registry.samples()),
            "# HELP test_seconds Durations\n"
            "# TYPE test_seconds histogram\n"
            "test_seconds_bucket{le=\"0.5\"} 0\n"
            "test_seconds_bucket{le=\"1\"} 1\n"
            "test_seconds_bucket{le=\"+Inf\"} 1\n"
            "test_seconds_sum 0.69999999999999996\n"
            "test_seconds_count 1\n"
            "# HELP test_sent_total Sent \"things\"\n"
            "# TYPE test_sent_total counter\n"
            "test_sent_total{type=\"chat\\n\\\"x\\\"\"} 3\n");
}

}  // namespace
}  // namespace meerkat::observability
