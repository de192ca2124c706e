#pragma once

#include <cstdint>

namespace micrometrics::metrics {

/// A confidence interval for a proportion.
struct Interval {
  double low = 0;
  double high = 1;
};

/// The z value of a two-sided normal interval at `confidence` (0.95 -> 1.96).
double NormalQuantileTwoSided(double confidence);

/// Wilson score interval for `successes` out of `n` (n = 0 gives [0, 1]).
Interval WilsonInterval(uint64_t successes, uint64_t n, double confidence);

/// One-sided two-proportion z-test (pooled): the p-value of "rate a is
/// greater than rate b". 1 when either sample is empty.
double TwoProportionPValue(uint64_t fails_a, uint64_t n_a, uint64_t fails_b,
                           uint64_t n_b);

}  // namespace micrometrics::metrics
