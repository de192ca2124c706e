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

/// Two-sided two-proportion z-test (pooled): the p-value of "the rates of a
/// and b differ". 1 when either sample is empty or both rates are 0 or 1.
double TwoProportionPValueTwoSided(uint64_t fails_a, uint64_t n_a,
                                   uint64_t fails_b, uint64_t n_b);

/// Newcombe's hybrid score interval (his method 10, from two Wilson
/// intervals) for the difference of proportions rate_b - rate_a. Sound for
/// small samples and for rates of 0 or 1, where the Wald interval is not.
/// An empty sample gives [-1, 1].
struct DifferenceInterval {
  double low = -1;
  double high = 1;
};
DifferenceInterval NewcombeInterval(uint64_t fails_a, uint64_t n_a,
                                    uint64_t fails_b, uint64_t n_b,
                                    double confidence);

}  // namespace micrometrics::metrics
