#include "metrics/evaluators/truncation.h"

#include <algorithm>
#include <string>
#include <vector>

namespace micrometrics::metrics {
namespace {

class TruncationEvaluator final : public Evaluator {
 public:
  explicit TruncationEvaluator(std::vector<std::string> reasons)
      : reasons_(std::move(reasons)) {}

  Verdict Evaluate(const Event& event) const override {
    if (event.finish_reason.empty())
      return Verdict::Skipped("no finish_reason");
    if (std::find(reasons_.begin(), reasons_.end(), event.finish_reason) !=
        reasons_.end()) {
      return Verdict::Fail("finish_reason " + event.finish_reason);
    }
    return Verdict::Pass();
  }

 private:
  std::vector<std::string> reasons_;
};

}  // namespace

std::unique_ptr<Evaluator> TruncationEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"finish_reasons"});
  // OpenAI says "length", Anthropic "max_tokens", Gemini "MAX_TOKENS".
  auto reasons = params.GetStringList("finish_reasons",
                                      {"length", "max_tokens", "MAX_TOKENS"});
  if (reasons.empty()) params.Fail("finish_reasons", "must not be empty");
  return std::make_unique<TruncationEvaluator>(std::move(reasons));
}

}  // namespace micrometrics::metrics
