#include "metrics/language/fasttext_detector.h"

#include <fasttext/fasttext.h>

#include <map>
#include <mutex>
#include <sstream>
#include <vector>

namespace micrometrics::metrics {
namespace {

std::shared_ptr<const fasttext::FastText> LoadShared(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const fasttext::FastText>> cache;
  std::lock_guard lock(mu);
  if (auto model = cache[path].lock()) return model;
  auto model = std::make_shared<fasttext::FastText>();
  model->loadModel(path);  // throws std::invalid_argument
  cache[path] = model;
  return model;
}

constexpr std::string_view kLabelPrefix = "__label__";

std::string Code(const std::string& label) {
  std::string_view l = label;
  if (l.starts_with(kLabelPrefix)) l.remove_prefix(kLabelPrefix.size());
  return PrimaryLanguage(l);
}

}  // namespace

FastTextLanguageDetector::FastTextLanguageDetector(
    const std::string& model_path)
    : model_(LoadShared(model_path)) {}

FastTextLanguageDetector::~FastTextLanguageDetector() = default;

LanguageGuess FastTextLanguageDetector::Detect(std::string_view utf8) const {
  // fastText reads one line; newlines would end the text early.
  std::string line(utf8);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  line += '\n';
  std::istringstream in(line);
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  model_->predictLine(in, predictions, 2, 0.0);
  LanguageGuess guess;
  if (predictions.empty()) return guess;
  guess.language = Code(predictions[0].second);
  guess.share = predictions[0].first;
  if (predictions.size() > 1) {
    guess.second = Code(predictions[1].second);
    guess.second_share = predictions[1].first;
  }
  guess.reliable = guess.share >= 0.5;
  return guess;
}

}  // namespace micrometrics::metrics
