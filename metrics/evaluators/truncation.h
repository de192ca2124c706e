#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: truncation`: the answer was cut off by the token limit (finish_reason
/// `length`).
class TruncationEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "truncation"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
