#include "metrics/evaluators/pii.h"

#include <algorithm>

#include "metrics/pii/pii.h"

namespace micrometrics::metrics {
namespace {

class PiiEvaluator final : public Evaluator {
 public:
  PiiEvaluator(bool on_input, std::vector<std::string> enabled,
               std::vector<std::string> regions)
      : on_input_(on_input),
        enabled_(std::move(enabled)),
        regions_(std::move(regions)) {}

  Verdict Evaluate(const Event& event) const override {
    const auto& text = on_input_ ? event.input : event.output;
    if (!text) return Verdict::Skipped(on_input_ ? "no input" : "no output");
    auto found = FindPiiCategories(*text, enabled_, regions_);
    if (found.empty()) return Verdict::Pass().WithValue(0);
    std::string reason = "found ";
    for (size_t i = 0; i < found.size(); ++i) {
      reason += (i ? ", " : "") + found[i];
    }
    return Verdict::Fail(reason).WithValue(static_cast<double>(found.size()));
  }

 private:
  bool on_input_;
  std::vector<std::string> enabled_;
  std::vector<std::string> regions_;
};

}  // namespace

std::unique_ptr<Evaluator> PiiEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"field", "categories", "phone_regions"});
  std::string field = params.GetChoice("field", {"output", "input"}, "output");
  auto categories = params.GetStringList("categories", PiiCategories());
  for (const auto& c : categories) {
    if (std::find(PiiCategories().begin(), PiiCategories().end(), c) ==
        PiiCategories().end()) {
      params.Fail("categories", "unknown category '" + c +
                                    "' (known: email, phone, card, iban, ssn, "
                                    "ip, secret)");
    }
  }
  auto regions = params.GetStringList("phone_regions", {"US"});
  for (const auto& r : regions) {
    if (!KnownPhoneRegion(r)) {
      params.Fail("phone_regions",
                  "unknown region '" + r + "' (use ISO codes like US, DE)");
    }
  }
  if (regions.empty()) params.Fail("phone_regions", "must not be empty");
  return std::make_unique<PiiEvaluator>(field == "input", std::move(categories),
                                        std::move(regions));
}

}  // namespace micrometrics::metrics
