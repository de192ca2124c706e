#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: length`: the output's length in chars (code points) or words lies
/// within `min`..`max`.
class LengthEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "length"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
