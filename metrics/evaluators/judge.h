#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"
#include "metrics/judge/judge.h"

namespace micrometrics::metrics {

/// `type: judge`: one yes-or-no question about the reply, answered by an
/// LLM behind an OpenAI-compatible endpoint (docs/METRICS.md "judge"). Its
/// verdicts are deferred: the pipeline hands its events to the daemon's
/// judge runner (or replay's), which samples, calls and records them later.
class JudgeEvaluator final : public Evaluator {
 public:
  explicit JudgeEvaluator(JudgeSpec spec) : spec_(std::move(spec)) {}
  /// Never called for a deferred evaluator; an error if it were.
  Verdict Evaluate(const Event& event) const override;
  bool deferred() const override { return true; }
  const JudgeSpec& spec() const { return spec_; }

 private:
  const JudgeSpec spec_;
};

class JudgeEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "judge"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
  /// Until its agreement with people is known (docs/METRICS.md).
  Stage default_stage() const override { return Stage::kShadow; }
};

}  // namespace micrometrics::metrics
