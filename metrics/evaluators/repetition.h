#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: repetition`: degenerate loops: the share of repeated word n-grams
/// above a bound, or one sentence repeated N times.
class RepetitionEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "repetition"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
