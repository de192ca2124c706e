// Prints language_match's accuracy on the committed multilingual corpus:
//   build/bench/language_accuracy [--model .cache/models/lid.176.ftz] [CORPUS]
// With --model, the fastText backend; without, CLD2. Two tables: with the
// full detector on every text (fast_path: false, as before the fast path)
// and as configured by default (fast_path: true).
#include "tests/support/language_accuracy.h"

#include <cstdio>
#include <set>

#include "metrics/evaluators/language_match.h"
#include "metrics/language/fasttext_detector.h"
#include "metrics/registry.h"

int main(int argc, char** argv) {
  using namespace micrometrics;
  std::string path =
      MICROMETRICS_SOURCE_DIR "/tests/testdata/language/corpus.tsv";
  std::string model;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--model" && i + 1 < argc) {
      model = argv[++i];
    } else {
      path = arg;
    }
  }
  auto corpus = testing::LoadLanguageCorpus(path);
  std::set<std::string> languages;
  for (const auto& s : corpus) languages.insert(s.language);
  std::unique_ptr<metrics::LanguageDetector> detector;
  if (!model.empty()) {
    detector = std::make_unique<metrics::FastTextLanguageDetector>(model);
  } else {
    detector = std::make_unique<metrics::Cld2LanguageDetector>();
  }
  std::printf("%zu samples, %zu languages\n", corpus.size(), languages.size());
  for (const char* fast_path : {"false", "true"}) {
    metrics::ParamValue params;
    params.kind = metrics::ParamValue::Kind::kMap;
    auto add = [&](const std::string& key, const std::string& value) {
      metrics::ParamValue v;
      v.kind = metrics::ParamValue::Kind::kScalar;
      v.scalar = value;
      params.map.emplace_back(key, v);
      params.key_marks.push_back({1, 1});
    };
    if (!model.empty()) add("model_path", model);
    add("fast_path", fast_path);
    auto evaluator = metrics::LanguageMatchEvaluatorFactory().Create(
        metrics::Params(params));
    auto result = testing::MeasureLanguageMatch(corpus, *evaluator, *detector);
    std::printf("\nfast_path: %s\n\n", fast_path);
    std::printf(
        "| text length | samples | detected right | same-language false fail "
        "| same-language skipped | mismatches caught | mismatches skipped "
        "|\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    for (const char* bucket : {"short", "medium", "long"}) {
      const auto& a = result[bucket];
      auto pct = [](int n, int d) { return d ? 100.0 * n / d : 0.0; };
      const char* label = std::string(bucket) == "short"    ? "20-60 chars"
                          : std::string(bucket) == "medium" ? "60-200 chars"
                                                            : "200-600 chars";
      std::printf(
          "| %s | %d | %.1f%% | %.2f%% (%d) | %.1f%% | %.1f%% (%d of %d) | "
          "%.1f%% |\n",
          label, a.samples, pct(a.detected_right, a.samples),
          pct(a.same_fail, a.same_pairs), a.same_fail,
          pct(a.same_skipped, a.same_pairs),
          pct(a.mismatch_fail, a.mismatch_pairs), a.mismatch_fail,
          a.mismatch_pairs, pct(a.mismatch_skipped, a.mismatch_pairs));
    }
    std::printf(
        "\nClose relatives: a reply in one, the input in the other (every "
        "length)\n\n| reply / input | pairs | pass | skipped | fail |\n"
        "|---|---|---|---|---|\n");
    for (const auto& [pair, p] :
         testing::MeasureConfusablePairs(corpus, *evaluator)) {
      auto pct = [&](int n) { return p.pairs ? 100.0 * n / p.pairs : 0.0; };
      std::printf("| %s | %d | %.1f%% | %.1f%% | %.1f%% (%d) |\n", pair.c_str(),
                  p.pairs, pct(p.pass), pct(p.skipped), pct(p.fail), p.fail);
    }
  }
  return 0;
}
