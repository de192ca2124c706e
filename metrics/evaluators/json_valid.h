#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: json_valid`: the reply parses as JSON (after an optional ```json
/// fence is stripped) and, with `schema_file`, validates against a JSON
/// Schema (draft 4/6/7, valijson).
class JsonValidEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "json_valid"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

/// The reply without a surrounding markdown code fence (```json ... ```).
std::string_view StripCodeFence(std::string_view text);

}  // namespace micrometrics::metrics
