#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: regex`: an RE2 pattern on the input or the output; a match fails the
/// event, or passes it with `match: pass`.
class RegexEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "regex"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
