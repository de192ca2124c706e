#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"
#include "metrics/language/language_detector.h"

namespace micrometrics::metrics {

/// `type: language_match`: the reply is in the language the user expects:
/// the locale's, the input's, the conversation's, or one of a fixed list.
class LanguageMatchEvaluatorFactory final : public EvaluatorFactory {
 public:
  LanguageMatchEvaluatorFactory();
  /// With another detector (tests, or a different backend).
  explicit LanguageMatchEvaluatorFactory(
      std::shared_ptr<const LanguageDetector> detector);
  std::string_view name() const override { return "language_match"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;

 private:
  std::shared_ptr<const LanguageDetector> detector_;
};

/// True for languages a detector confuses on real text (measured on the
/// project's corpus: Danish read as Norwegian, Indonesian as Malay, Bulgarian
/// as Serbian, ...). Telling them apart is not reliable, so language_match
/// skips such a verdict instead of failing it; `equivalent:` can count them
/// as a match instead.
bool CloseLanguages(std::string_view a, std::string_view b);

}  // namespace micrometrics::metrics
