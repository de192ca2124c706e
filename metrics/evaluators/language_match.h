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

}  // namespace micrometrics::metrics
