// SPDX-License-Identifier: Apache-2.0
// Delivery latencies in microseconds, in log-linear buckets (32 per power of two, so any
// percentile is within 3% of the exact value) that workers can merge by adding counts.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <vector>

namespace meerkat::bench {

class LatencyHistogram {
 public:
  LatencyHistogram();
  void record(std::uint64_t microseconds);
  void merge(const LatencyHistogram& other);
  std::uint64_t count() const { return count_; }
  std::uint64_t max() const { return max_; }
  // The value below which `fraction` (0–1) of the recorded latencies fall.
  std::uint64_t percentile(double fraction) const;

  boost::json::value to_json() const;  // {"max":…, "buckets":[[index,count],…]}
  static LatencyHistogram from_json(const boost::json::value& value);

 private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace meerkat::bench
