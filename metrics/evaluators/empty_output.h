#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: empty_output`: the reply is missing content: the output is empty or
/// white space.
class EmptyOutputEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "empty_output"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
