#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"
#include "metrics/series_names.h"

namespace micrometrics::metrics {

/// `type: cost`: the price of a call from a per-model price table (USD per
/// million input and output tokens), summed into micrometrics_cost_usd_total;
/// with `max_usd`, a call above it fails.
class CostEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "cost"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
  ValueCounter value_counter() const override {
    return {series::kCostUsd.name, series::kCostUsd.help};
  }
};

/// `type: throughput`: output tokens per second of generation,
/// output_tokens / (latency_ms - ttft_ms); with `min_tokens_per_second`, a
/// slower call fails.
class ThroughputEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "throughput"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
