#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: refusal`: the model declined or deflected ("I can't help with
/// that", "Es tut mir leid, aber ...", "It is not appropriate to ..."),
/// judged on each voice's opening and closing unless `anywhere: true`. A
/// reply in several voices is a refusal only when no voice answers. How a
/// reply is read and the phrase tables are in metrics/refusal/.
class RefusalEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "refusal"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
