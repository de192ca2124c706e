#include "metrics/alerting/statistics.h"

#include <algorithm>
#include <cmath>

namespace micrometrics::metrics {
namespace {

// P(Z > z) for a standard normal Z.
double UpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

double NormalQuantileTwoSided(double confidence) {
  // Solve UpperTail(z) = (1 - confidence) / 2 by bisection: monotone,
  // exact to double precision in 100 steps, no tables.
  const double target = (1 - confidence) / 2;
  double lo = 0, hi = 40;
  for (int i = 0; i < 100; ++i) {
    double mid = (lo + hi) / 2;
    (UpperTail(mid) > target ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

Interval WilsonInterval(uint64_t successes, uint64_t n, double confidence) {
  if (n == 0) return {0, 1};
  const double z = NormalQuantileTwoSided(confidence);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nn;
  const double z2 = z * z;
  const double center = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half =
      z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

namespace {

// The pooled two-proportion z-test's pieces: rate a - rate b and its
// standard error under "no difference". Both samples must be non-empty.
struct PooledDifference {
  double diff;
  double se;
};
PooledDifference Pooled(uint64_t fails_a, uint64_t n_a, uint64_t fails_b,
                        uint64_t n_b) {
  const double na = static_cast<double>(n_a);
  const double nb = static_cast<double>(n_b);
  const double pooled = static_cast<double>(fails_a + fails_b) / (na + nb);
  return {static_cast<double>(fails_a) / na - static_cast<double>(fails_b) / nb,
          std::sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))};
}

}  // namespace

double TwoProportionPValue(uint64_t fails_a, uint64_t n_a, uint64_t fails_b,
                           uint64_t n_b) {
  if (n_a == 0 || n_b == 0) return 1;
  const auto [diff, se] = Pooled(fails_a, n_a, fails_b, n_b);
  if (se == 0) return diff > 0 ? 0 : 1;
  return UpperTail(diff / se);
}

double TwoProportionPValueTwoSided(uint64_t fails_a, uint64_t n_a,
                                   uint64_t fails_b, uint64_t n_b) {
  if (n_a == 0 || n_b == 0) return 1;
  const auto [diff, se] = Pooled(fails_a, n_a, fails_b, n_b);
  if (se == 0) return 1;  // both 0% or both 100%: no evidence of a difference
  return std::min(1.0, 2 * UpperTail(std::fabs(diff) / se));
}

DifferenceInterval NewcombeInterval(uint64_t fails_a, uint64_t n_a,
                                    uint64_t fails_b, uint64_t n_b,
                                    double confidence) {
  if (n_a == 0 || n_b == 0) return {};
  const double pa = static_cast<double>(fails_a) / static_cast<double>(n_a);
  const double pb = static_cast<double>(fails_b) / static_cast<double>(n_b);
  const Interval a = WilsonInterval(fails_a, n_a, confidence);
  const Interval b = WilsonInterval(fails_b, n_b, confidence);
  const double d = pb - pa;
  const double low = d - std::sqrt((pb - b.low) * (pb - b.low) +
                                   (a.high - pa) * (a.high - pa));
  const double high = d + std::sqrt((b.high - pb) * (b.high - pb) +
                                    (pa - a.low) * (pa - a.low));
  return {std::max(-1.0, low), std::min(1.0, high)};
}

}  // namespace micrometrics::metrics
