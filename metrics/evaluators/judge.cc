#include "metrics/evaluators/judge.h"

namespace micrometrics::metrics {

Verdict JudgeEvaluator::Evaluate(const Event&) const {
  return Verdict::Error("a judge is asked by the judge runner");
}

std::unique_ptr<Evaluator> JudgeEvaluatorFactory::Create(
    const Params& params) const {
  return std::make_unique<JudgeEvaluator>(ParseJudgeSpec(params));
}

}  // namespace micrometrics::metrics
