#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: prompt_injection`: known jailbreak and instruction-override
/// patterns in the user's input. Shadow stage unless configured otherwise:
/// pattern lists catch the known, so watch before you page on them.
class PromptInjectionEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "prompt_injection"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
  Stage default_stage() const override { return Stage::kShadow; }
};

}  // namespace micrometrics::metrics
