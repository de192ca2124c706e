#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: latency`: an SLO on `latency_ms` or `ttft_ms`: fails above `max_ms`.
class LatencyEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "latency"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
