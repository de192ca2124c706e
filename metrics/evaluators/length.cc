#include "metrics/evaluators/length.h"

#include <optional>
#include <string>

#include "metrics/text/text.h"

namespace micrometrics::metrics {
namespace {

class LengthEvaluator final : public Evaluator {
 public:
  LengthEvaluator(bool words, std::optional<double> min,
                  std::optional<double> max)
      : words_(words), min_(min), max_(max) {}

  Verdict Evaluate(const Event& event) const override {
    if (!event.output) return Verdict::Skipped("no output");
    const double n = static_cast<double>(
        words_ ? CountWords(*event.output) : CountCodePoints(*event.output));
    const char* unit = words_ ? "words" : "chars";
    auto count = [&] { return std::to_string(static_cast<long long>(n)); };
    auto bound = [](double b) {
      return std::to_string(static_cast<long long>(b));
    };
    if (min_ && n < *min_) {
      return Verdict::Fail("output has " + count() + " " + unit +
                           ", below min " + bound(*min_))
          .WithValue(n);
    }
    if (max_ && n > *max_) {
      return Verdict::Fail("output has " + count() + " " + unit +
                           ", above max " + bound(*max_))
          .WithValue(n);
    }
    return Verdict::Pass(count() + " " + unit).WithValue(n);
  }

 private:
  bool words_;
  std::optional<double> min_;
  std::optional<double> max_;
};

}  // namespace

std::unique_ptr<Evaluator> LengthEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"unit", "min", "max"});
  std::string unit = params.GetChoice("unit", {"chars", "words"}, "chars");
  std::optional<double> min = params.GetOptionalDouble("min");
  std::optional<double> max = params.GetOptionalDouble("max");
  if (!min && !max) params.Fail("max", "set min, max or both");
  if (min && *min < 0) params.Fail("min", "must not be negative");
  if (min && max && *min > *max) params.Fail("max", "must be at least min");
  return std::make_unique<LengthEvaluator>(unit == "words", min, max);
}

}  // namespace micrometrics::metrics
