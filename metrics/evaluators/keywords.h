#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: keywords`: the reply must (or must not) contain any (or all) of a
/// list of words or phrases, case-insensitive and word-bounded: competitor
/// names, banned promises, a required disclaimer.
class KeywordsEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "keywords"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
