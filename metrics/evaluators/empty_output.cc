#include "metrics/evaluators/empty_output.h"

#include "metrics/text/text.h"

namespace micrometrics::metrics {
namespace {

class EmptyOutputEvaluator final : public Evaluator {
 public:
  Verdict Evaluate(const Event& event) const override {
    // A failed call has no reply by nature; error_status judges those.
    if (event.status == "error") return Verdict::Skipped("call failed");
    // A tool call is output of its own kind.
    if (event.tool_calls > 0 && (!event.output || IsBlank(*event.output))) {
      return Verdict::Pass("tool call");
    }
    if (!event.output) return Verdict::Skipped("no output field");
    if (event.output->empty()) return Verdict::Fail("output is empty");
    if (IsBlank(*event.output)) return Verdict::Fail("output is white space");
    return Verdict::Pass();
  }
};

}  // namespace

std::unique_ptr<Evaluator> EmptyOutputEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({});
  return std::make_unique<EmptyOutputEvaluator>();
}

}  // namespace micrometrics::metrics
