#include "metrics/evaluators/cost.h"

#include <cstdio>
#include <map>
#include <optional>
#include <string>

namespace micrometrics::metrics {
namespace {

std::string Money(double usd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.6f", usd);
  return buf;
}

struct Price {
  double input_per_million = 0;
  double output_per_million = 0;
};

class CostEvaluator final : public Evaluator {
 public:
  CostEvaluator(std::map<std::string, Price, std::less<>> prices,
                std::optional<double> max_usd)
      : prices_(std::move(prices)), max_usd_(max_usd) {}

  Verdict Evaluate(const Event& event) const override {
    if (!event.usage.input_tokens && !event.usage.output_tokens) {
      return Verdict::Skipped("no usage");
    }
    if (event.model.empty()) return Verdict::Skipped("no model");
    auto it = prices_.find(event.model);
    if (it == prices_.end()) it = prices_.find("default");
    if (it == prices_.end()) {
      return Verdict::Skipped("no price for model " + event.model);
    }
    const double usd =
        static_cast<double>(event.usage.input_tokens.value_or(0)) *
            it->second.input_per_million / 1e6 +
        static_cast<double>(event.usage.output_tokens.value_or(0)) *
            it->second.output_per_million / 1e6;
    if (max_usd_ && usd > *max_usd_) {
      return Verdict::Fail(Money(usd) + " above " + Money(*max_usd_))
          .WithValue(usd);
    }
    return Verdict::Pass(Money(usd)).WithValue(usd);
  }

 private:
  std::map<std::string, Price, std::less<>> prices_;
  std::optional<double> max_usd_;
};

class ThroughputEvaluator final : public Evaluator {
 public:
  explicit ThroughputEvaluator(std::optional<double> floor) : floor_(floor) {}

  Verdict Evaluate(const Event& event) const override {
    if (!event.usage.output_tokens) return Verdict::Skipped("no output_tokens");
    if (!event.latency_ms) return Verdict::Skipped("no latency_ms");
    // Generation time: after the first token when it is known.
    const double ms = *event.latency_ms - event.ttft_ms.value_or(0);
    if (ms <= 0) return Verdict::Skipped("no generation time");
    const double rate =
        static_cast<double>(*event.usage.output_tokens) / (ms / 1000);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f tokens/s", rate);
    if (floor_ && rate < *floor_) {
      char f[32];
      std::snprintf(f, sizeof f, "%.1f", *floor_);
      return Verdict::Fail(std::string(buf) + " below " + f).WithValue(rate);
    }
    return Verdict::Pass(buf).WithValue(rate);
  }

 private:
  std::optional<double> floor_;
};

}  // namespace

std::unique_ptr<Evaluator> CostEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"prices", "max_usd"});
  std::map<std::string, Price, std::less<>> prices;
  for (const auto& [model, price] : params.GetMapOfMaps("prices")) {
    price.AllowOnly({"input", "output"});
    Price p{price.GetDouble("input", 0), price.GetDouble("output", 0)};
    if (p.input_per_million < 0 || p.output_per_million < 0) {
      price.Fail("input", "prices must not be negative");
    }
    prices.emplace(model, p);
  }
  if (prices.empty()) {
    params.Fail("prices",
                "give at least one model: {MODEL: {input: USD per million "
                "tokens, output: USD per million tokens}}");
  }
  auto max_usd = params.GetOptionalDouble("max_usd");
  if (max_usd && *max_usd <= 0) params.Fail("max_usd", "must be positive");
  return std::make_unique<CostEvaluator>(std::move(prices), max_usd);
}

std::unique_ptr<Evaluator> ThroughputEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"min_tokens_per_second"});
  auto floor = params.GetOptionalDouble("min_tokens_per_second");
  if (floor && *floor <= 0) {
    params.Fail("min_tokens_per_second", "must be positive");
  }
  return std::make_unique<ThroughputEvaluator>(floor);
}

}  // namespace micrometrics::metrics
