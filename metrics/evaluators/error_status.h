#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: error_status`: the LLM call failed (`status: error`); the reason
/// names error_type.
class ErrorStatusEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "error_status"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
