#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: refusal`: the model declined or deflected ("I can't help with
/// that", "Es tut mir leid, aber ..."), judged on the reply's opening and
/// closing sentences unless `anywhere: true`.
class RefusalEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "refusal"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
