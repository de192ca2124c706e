#include "metrics/judge/calibration.h"

#include <algorithm>

namespace micrometrics::metrics {
namespace {

std::optional<double> Ratio(uint64_t num, uint64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

bool Confusion::Add(Outcome judge, bool human_fail) {
  if (judge == Outcome::kFail) {
    ++(human_fail ? tp : fp);
  } else if (judge == Outcome::kPass) {
    ++(human_fail ? fn : tn);
  } else {
    return false;
  }
  return true;
}

std::optional<double> Confusion::TruePositiveRate() const {
  return Ratio(tp, tp + fn);
}

std::optional<double> Confusion::TrueNegativeRate() const {
  return Ratio(tn, tn + fp);
}

std::optional<double> Confusion::Kappa() const {
  const double total = static_cast<double>(n());
  if (total == 0) return std::nullopt;
  const double observed = static_cast<double>(tp + tn) / total;
  const double judge_fail = static_cast<double>(tp + fp) / total;
  const double human_fail = static_cast<double>(tp + fn) / total;
  const double chance =
      judge_fail * human_fail + (1 - judge_fail) * (1 - human_fail);
  if (chance >= 1) return std::nullopt;
  return (observed - chance) / (1 - chance);
}

std::optional<double> CorrectedFailRate(double observed,
                                        const Confusion& confusion) {
  const auto tpr = confusion.TruePositiveRate();
  const auto tnr = confusion.TrueNegativeRate();
  if (!tpr || !tnr || *tpr + *tnr <= 1) return std::nullopt;
  return std::clamp((observed + *tnr - 1) / (*tpr + *tnr - 1), 0.0, 1.0);
}

}  // namespace micrometrics::metrics
