#include "metrics/evaluators/error_status.h"

namespace micrometrics::metrics {
namespace {

class ErrorStatusEvaluator final : public Evaluator {
 public:
  Verdict Evaluate(const Event& event) const override {
    if (event.status != "error") return Verdict::Pass();
    if (event.error_type.empty()) return Verdict::Fail("call failed");
    return Verdict::Fail("call failed: " + event.error_type);
  }
};

}  // namespace

std::unique_ptr<Evaluator> ErrorStatusEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({});
  return std::make_unique<ErrorStatusEvaluator>();
}

}  // namespace micrometrics::metrics
