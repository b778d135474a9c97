// SPDX-License-Identifier: Apache-2.0
#include "latency_histogram.hpp"

#include <algorithm>
#include <bit>

namespace meerkat::bench {

namespace {

constexpr int kSubBuckets = 32;
constexpr std::size_t kBucketCount = kSubBuckets + 40 * kSubBuckets;

std::size_t bucket_of(std::uint64_t value) {
  if (value < kSubBuckets) return value;
  auto shift = static_cast<std::size_t>(std::bit_width(value)) - 6;
  auto top = value >> shift;  // 32 … 63
  return std::min(kBucketCount - 1, kSubBuckets + shift * kSubBuckets + (top - kSubBuckets));
}

// The smallest value that falls in `bucket`.
std::uint64_t lower_bound_of(std::size_t bucket) {
  if (bucket < kSubBuckets) return bucket;
  auto shift = (bucket - kSubBuckets) / kSubBuckets;
  auto top = kSubBuckets + (bucket - kSubBuckets) % kSubBuckets;
  return static_cast<std::uint64_t>(top) << shift;
}

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBucketCount, 0) {}

void LatencyHistogram::record(std::uint64_t microseconds) {
  ++buckets_[bucket_of(microseconds)];
  ++count_;
  max_ = std::max(max_, microseconds);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < kBucketCount; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::uint64_t LatencyHistogram::percentile(double fraction) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(fraction * static_cast<double>(count_));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBucketCount; ++i) {
    seen += buckets_[i];
    if (seen > rank) return std::min(max_, lower_bound_of(i + 1) - 1);
  }
  return max_;
}

boost::json::value LatencyHistogram::to_json() const {
  boost::json::array buckets;
  for (std::size_t i = 0; i < kBucketCount; ++i) {
    if (buckets_[i] != 0) buckets.push_back(boost::json::array{i, buckets_[i]});
  }
  return boost::json::object{{"max", max_}, {"buckets", std::move(buckets)}};
}

LatencyHistogram LatencyHistogram::from_json(const boost::json::value& value) {
  LatencyHistogram histogram;
  const auto& object = value.as_object();
  histogram.max_ = boost::json::value_to<std::uint64_t>(object.at("max"));
  for (const auto& entry : object.at("buckets").as_array()) {
    auto index = boost::json::value_to<std::size_t>(entry.as_array().at(0));
    auto count = boost::json::value_to<std::uint64_t>(entry.as_array().at(1));
    if (index >= kBucketCount) continue;
    histogram.buckets_[index] += count;
    histogram.count_ += count;
  }
  return histogram;
}

}  // namespace meerkat::bench
