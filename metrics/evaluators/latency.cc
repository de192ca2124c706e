#include "metrics/evaluators/latency.h"

#include <cmath>
#include <optional>
#include <string>

namespace micrometrics::metrics {
namespace {

std::string FormatMs(double ms) {
  return std::to_string(std::llround(ms)) + "ms";
}

class LatencyEvaluator final : public Evaluator {
 public:
  LatencyEvaluator(bool ttft, double max_ms) : ttft_(ttft), max_ms_(max_ms) {}

  Verdict Evaluate(const Event& event) const override {
    const std::optional<double>& ms = ttft_ ? event.ttft_ms : event.latency_ms;
    const char* field = ttft_ ? "ttft_ms" : "latency_ms";
    if (!ms) return Verdict::Skipped(std::string("no ") + field);
    if (*ms > max_ms_) {
      return Verdict::Fail(std::string(field) + " " + FormatMs(*ms) +
                           " above " + FormatMs(max_ms_))
          .WithValue(*ms);
    }
    return Verdict::Pass().WithValue(*ms);
  }

 private:
  bool ttft_;
  double max_ms_;
};

}  // namespace

std::unique_ptr<Evaluator> LatencyEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"field", "max_ms"});
  std::string field =
      params.GetChoice("field", {"latency_ms", "ttft_ms"}, "latency_ms");
  std::optional<double> max_ms = params.GetOptionalDouble("max_ms");
  if (!max_ms) params.Fail("max_ms", "is required");
  if (*max_ms <= 0) params.Fail("max_ms", "must be positive");
  return std::make_unique<LatencyEvaluator>(field == "ttft_ms", *max_ms);
}

}  // namespace micrometrics::metrics
