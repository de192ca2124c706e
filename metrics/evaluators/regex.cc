#include "metrics/evaluators/regex.h"

#include <re2/re2.h>

#include <string>

namespace micrometrics::metrics {
namespace {

class RegexEvaluator final : public Evaluator {
 public:
  RegexEvaluator(std::unique_ptr<RE2> re, bool on_input, bool match_passes)
      : re_(std::move(re)), on_input_(on_input), match_passes_(match_passes) {}

  Verdict Evaluate(const Event& event) const override {
    const std::optional<std::string>& text =
        on_input_ ? event.input : event.output;
    const char* field = on_input_ ? "input" : "output";
    if (!text) return Verdict::Skipped(std::string("no ") + field);
    bool matched = RE2::PartialMatch(*text, *re_);
    if (matched == match_passes_) {
      return Verdict::Pass(std::string(field) +
                           (matched ? " matches" : " does not match"));
    }
    return Verdict::Fail(std::string(field) +
                         (matched ? " matches pattern" : " lacks pattern"));
  }

 private:
  std::unique_ptr<RE2> re_;
  bool on_input_;
  bool match_passes_;
};

}  // namespace

std::unique_ptr<Evaluator> RegexEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"pattern", "field", "match", "case_insensitive"});
  std::string pattern = params.RequireString("pattern");
  std::string field = params.GetChoice("field", {"output", "input"}, "output");
  std::string match = params.GetChoice("match", {"fail", "pass"}, "fail");
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!params.GetBool("case_insensitive", false));
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) params.Fail("pattern", "bad regex: " + re->error());
  return std::make_unique<RegexEvaluator>(std::move(re), field == "input",
                                          match == "pass");
}

}  // namespace micrometrics::metrics
