#pragma once

// Measures language_match on the committed multilingual corpus
// (tests/testdata/language/corpus.tsv): detection accuracy by text length,
// the false-fail rate when reply and input share a language, and the share
// of language mismatches caught. Used by the accuracy test and by
// bench/language_accuracy.

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/evaluator.h"
#include "metrics/evaluators/language_match.h"
#include "metrics/language/language_detector.h"
#include "metrics/language/prose.h"
#include "tests/support/tsv.h"

namespace micrometrics::testing {

struct CorpusSample {
  std::string language;
  std::string bucket;  // short, medium, long
  std::string text;
};

inline std::vector<CorpusSample> LoadLanguageCorpus(const std::string& path) {
  std::vector<CorpusSample> out;
  for (auto& [a, b, c] : ReadTsv3(path)) out.push_back({a, b, c});
  return out;
}

struct BucketAccuracy {
  int samples = 0;
  int detected_right = 0;  // detector's top language == label
  int same_pairs = 0;      // reply and input in one language
  int same_fail = 0;       // ... judged fail (false fail)
  int same_skipped = 0;
  int mismatch_pairs = 0;  // reply in another language than the input
  int mismatch_fail = 0;   // ... caught
  int mismatch_skipped = 0;
};

/// Runs `evaluator` (a language_match) over the corpus: each sample as the
/// reply, with an input of the same length bucket and language,
/// and again with an input of another language that is not a close relative
/// (CloseLanguages: those are skipped by design, not mismatches to catch).
inline std::map<std::string, BucketAccuracy> MeasureLanguageMatch(
    const std::vector<CorpusSample>& corpus,
    const metrics::Evaluator& evaluator,
    const metrics::LanguageDetector& detector) {
  // Inputs come from the same length bucket as the reply, so each row is
  // about texts of that length.
  std::map<std::string, std::vector<const CorpusSample*>> inputs;
  std::vector<std::string> languages;
  for (const auto& s : corpus) {
    auto& pool = inputs[s.bucket + "/" + s.language];
    if (s.bucket == "medium" && pool.empty()) languages.push_back(s.language);
    pool.push_back(&s);
  }
  std::mt19937 rng(42);
  auto pick = [&](const std::string& bucket, const std::string& lang,
                  const std::string& not_text) {
    const auto& pool = inputs.at(bucket + "/" + lang);
    for (int tries = 0; tries < 10; ++tries) {
      const auto* s = pool[rng() % pool.size()];
      if (s->text != not_text) return s->text;
    }
    return pool[0]->text;
  };
  std::map<std::string, BucketAccuracy> result;
  for (const auto& s : corpus) {
    BucketAccuracy& acc = result[s.bucket];
    ++acc.samples;
    std::string prose = metrics::ExtractProse(s.text, 512);
    if (detector.Detect(prose).language == s.language) ++acc.detected_right;

    metrics::Event same;
    same.input = pick(s.bucket, s.language, s.text);
    same.output = s.text;
    auto v = evaluator.Evaluate(same);
    ++acc.same_pairs;
    acc.same_fail += v.outcome == metrics::Outcome::kFail;
    acc.same_skipped += v.outcome == metrics::Outcome::kSkipped;

    std::string other;
    do {
      other = languages[rng() % languages.size()];
    } while (other == s.language || metrics::CloseLanguages(other, s.language));
    metrics::Event mismatch;
    mismatch.input = pick(s.bucket, other, "");
    mismatch.output = s.text;
    v = evaluator.Evaluate(mismatch);
    ++acc.mismatch_pairs;
    acc.mismatch_fail += v.outcome == metrics::Outcome::kFail;
    acc.mismatch_skipped += v.outcome == metrics::Outcome::kSkipped;
  }
  return result;
}

struct PairVerdicts {
  int pairs = 0;
  int pass = 0;
  int skipped = 0;
  int fail = 0;
};

/// Replies of languages that have a close relative in the corpus (Danish,
/// Norwegian and Swedish; Indonesian and Malay; Croatian, Serbian and
/// Bulgarian, ...), each with an input of the same length bucket in every
/// close relative: the verdicts per "reply/input" pair of languages.
inline std::map<std::string, PairVerdicts> MeasureConfusablePairs(
    const std::vector<CorpusSample>& corpus,
    const metrics::Evaluator& evaluator) {
  std::map<std::string, std::vector<const CorpusSample*>> inputs;
  std::set<std::string> languages;
  for (const auto& s : corpus) {
    inputs[s.bucket + "/" + s.language].push_back(&s);
    languages.insert(s.language);
  }
  std::mt19937 rng(42);
  std::map<std::string, PairVerdicts> result;
  for (const auto& s : corpus) {
    for (const auto& other : languages) {
      if (other == s.language || !metrics::CloseLanguages(other, s.language)) {
        continue;
      }
      const auto& pool = inputs.at(s.bucket + "/" + other);
      metrics::Event e;
      e.input = pool[rng() % pool.size()]->text;
      e.output = s.text;
      const auto v = evaluator.Evaluate(e);
      PairVerdicts& p = result[s.language + "/" + other];
      ++p.pairs;
      p.pass += v.outcome == metrics::Outcome::kPass;
      p.skipped += v.outcome == metrics::Outcome::kSkipped;
      p.fail += v.outcome == metrics::Outcome::kFail;
    }
  }
  return result;
}

}  // namespace micrometrics::testing
