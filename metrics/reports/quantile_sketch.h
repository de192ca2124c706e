#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

namespace micrometrics::metrics {

/// Quantiles of a stream in bounded memory, with relative accuracy: every
/// quantile it reports is within `relative_accuracy` (default 1%) of a value
/// that was really observed at that rank. Values fall into logarithmic
/// buckets (the DDSketch scheme); 1% accuracy covers 1e-9 to 1e9 in about
/// 2,000 buckets, however many values arrive. Mergeable, so each worker keeps
/// its own and they are added up at the end. Not thread-safe.
class QuantileSketch {
 public:
  explicit QuantileSketch(double relative_accuracy = 0.01);

  void Add(double value);
  void Merge(const QuantileSketch& other);
  uint64_t count() const { return count_; }
  /// The q-quantile (0 <= q <= 1) with the nearest-rank rule; 0 when empty.
  double Quantile(double q) const;
  size_t buckets() const { return positive_.size() + negative_.size(); }

 private:
  int Index(double magnitude) const;
  double Value(int index) const;

  double gamma_;
  double log_gamma_;
  std::map<int, uint64_t> positive_;
  std::map<int, uint64_t> negative_;  // by index of the magnitude
  uint64_t zeros_ = 0;
  uint64_t count_ = 0;
};

}  // namespace micrometrics::metrics
