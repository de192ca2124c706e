// Prints language_match's accuracy on the committed multilingual corpus:
//   build/bench/language_accuracy [tests/testdata/language/corpus.tsv]
#include "tests/support/language_accuracy.h"

#include <cstdio>
#include <set>

#include "metrics/evaluators/language_match.h"
#include "metrics/registry.h"

int main(int argc, char** argv) {
  using namespace micrometrics;
  std::string path = argc > 1 ? argv[1]
                              : MICROMETRICS_SOURCE_DIR
                         "/tests/testdata/language/corpus.tsv";
  auto corpus = testing::LoadLanguageCorpus(path);
  std::set<std::string> languages;
  for (const auto& s : corpus) languages.insert(s.language);
  metrics::ParamValue params;
  auto evaluator =
      metrics::LanguageMatchEvaluatorFactory().Create(metrics::Params(params));
  metrics::Cld2LanguageDetector detector;
  auto result = testing::MeasureLanguageMatch(corpus, *evaluator, detector);
  std::printf("%zu samples, %zu languages\n\n", corpus.size(),
              languages.size());
  std::printf(
      "| text length | samples | detected right | same-language false fail | "
      "same-language skipped | mismatches caught | mismatches skipped |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const char* bucket : {"short", "medium", "long"}) {
    const auto& a = result[bucket];
    auto pct = [](int n, int d) { return d ? 100.0 * n / d : 0.0; };
    const char* label = std::string(bucket) == "short"    ? "20-60 chars"
                        : std::string(bucket) == "medium" ? "60-200 chars"
                                                          : "200-600 chars";
    std::printf(
        "| %s | %d | %.1f%% | %.2f%% (%d) | %.1f%% | %.1f%% | %.1f%% |\n",
        label, a.samples, pct(a.detected_right, a.samples),
        pct(a.same_fail, a.same_pairs), a.same_fail,
        pct(a.same_skipped, a.same_pairs),
        pct(a.mismatch_fail, a.mismatch_pairs),
        pct(a.mismatch_skipped, a.mismatch_pairs));
  }
  return 0;
}
