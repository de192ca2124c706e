#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "metrics/language/language_detector.h"

namespace fasttext {
class FastText;
}

namespace micrometrics::metrics {

/// fastText language identification (Debian libfasttext with the lid.176
/// model: 176 languages), used by language_match when `model_path` is set.
/// Models are loaded once per path and shared. Thread-safe: prediction only
/// reads the model.
class FastTextLanguageDetector final : public LanguageDetector {
 public:
  /// Loads (or reuses) the model; throws std::invalid_argument when the
  /// file cannot be read or is not a fastText model.
  explicit FastTextLanguageDetector(const std::string& model_path);
  ~FastTextLanguageDetector() override;

  /// `reliable` when the top language's probability is at least 0.5;
  /// `share` is that probability.
  LanguageGuess Detect(std::string_view utf8) const override;

 private:
  std::shared_ptr<const fasttext::FastText> model_;
};

}  // namespace micrometrics::metrics
