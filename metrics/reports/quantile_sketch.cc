#include "metrics/reports/quantile_sketch.h"

#include <algorithm>
#include <cmath>

namespace micrometrics::metrics {

namespace {
// Magnitudes below this count as zero (and keep the index range bounded).
constexpr double kMinMagnitude = 1e-9;
}  // namespace

QuantileSketch::QuantileSketch(double relative_accuracy)
    : gamma_((1 + relative_accuracy) / (1 - relative_accuracy)),
      log_gamma_(std::log(gamma_)) {}

int QuantileSketch::Index(double magnitude) const {
  return static_cast<int>(std::ceil(std::log(magnitude) / log_gamma_));
}

double QuantileSketch::Value(int index) const {
  // The bucket (gamma^(i-1), gamma^i] is represented by the value whose
  // relative distance to both ends is the same.
  return 2 * std::pow(gamma_, index) / (gamma_ + 1);
}

void QuantileSketch::Add(double value) {
  if (std::isnan(value)) return;
  ++count_;
  const double magnitude = std::fabs(value);
  if (magnitude < kMinMagnitude) {
    ++zeros_;
  } else if (value > 0) {
    ++positive_[Index(magnitude)];
  } else {
    ++negative_[Index(magnitude)];
  }
}

void QuantileSketch::Merge(const QuantileSketch& other) {
  for (const auto& [i, n] : other.positive_) positive_[i] += n;
  for (const auto& [i, n] : other.negative_) negative_[i] += n;
  zeros_ += other.zeros_;
  count_ += other.count_;
}

double QuantileSketch::Quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank: the smallest value with at least ceil(q * n) values at or
  // below it (rank 1 for q = 0).
  const auto rank = std::max<uint64_t>(
      1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (auto it = negative_.rbegin(); it != negative_.rend(); ++it) {
    seen += it->second;
    if (seen >= rank) return -Value(it->first);
  }
  seen += zeros_;
  if (seen >= rank) return 0;
  for (const auto& [i, n] : positive_) {
    seen += n;
    if (seen >= rank) return Value(i);
  }
  return positive_.empty() ? 0 : Value(positive_.rbegin()->first);
}

}  // namespace micrometrics::metrics
