#pragma once

#include <cstdint>
#include <optional>

#include "metrics/verdict.h"

namespace micrometrics::metrics {

/// A judge's verdicts against people's labels for the same events, with
/// fail as the positive class: tp = both say fail, fp = the judge says fail
/// and the person pass, and so on.
struct Confusion {
  uint64_t tp = 0;
  uint64_t fp = 0;
  uint64_t tn = 0;
  uint64_t fn = 0;

  /// One pair; a judge verdict other than pass or fail is not counted
  /// (returns false).
  bool Add(Outcome judge, bool human_fail);
  uint64_t n() const { return tp + fp + tn + fn; }
  /// tp / (tp + fn): of the events people fail, the share the judge fails.
  std::optional<double> TruePositiveRate() const;
  /// tn / (tn + fp): of the events people pass, the share the judge passes.
  std::optional<double> TrueNegativeRate() const;
  /// Cohen's kappa: agreement beyond chance (1 perfect, 0 chance); nullopt
  /// without pairs or when both always say the same thing.
  std::optional<double> Kappa() const;
};

/// The fail rate corrected for the judge's error rates (Rogan-Gladen):
/// (observed + TNR - 1) / (TPR + TNR - 1), clamped to [0, 1]. nullopt when
/// either rate is unknown or TPR + TNR <= 1 (a judge no better than a coin
/// says nothing about the true rate).
std::optional<double> CorrectedFailRate(double observed,
                                        const Confusion& confusion);

}  // namespace micrometrics::metrics
