// Prints the pii metric's recall and false positives on the committed corpus:
//   build/bench/pii_accuracy [tests/testdata/pii/corpus.tsv]
#include "tests/support/pii_accuracy.h"

#include <cstdio>

int main(int argc, char** argv) {
  using namespace micrometrics;
  std::string path = argc > 1 ? argv[1]
                              : MICROMETRICS_SOURCE_DIR
                         "/tests/testdata/pii/corpus.tsv";
  auto result = testing::MeasurePii(testing::LoadPiiCorpus(path));
  std::printf(
      "| sample kind | expected | samples | recall | other categories reported "
      "|\n");
  std::printf("|---|---|---|---|---|\n");
  for (const auto& [kind, r] : result) {
    std::string others;
    for (const auto& [c, n] : r.reported) {
      if (c == r.category) continue;
      others += (others.empty() ? "" : ", ") + c + " " + std::to_string(n);
    }
    if (r.category == "none") {
      std::printf("| %s | none | %d | | %s |\n", kind.c_str(), r.samples,
                  others.empty() ? "none" : others.c_str());
    } else {
      std::printf("| %s | %s | %d | %.1f%% | %s |\n", kind.c_str(),
                  r.category.c_str(), r.samples,
                  100.0 * r.expected_found / r.samples,
                  others.empty() ? "none" : others.c_str());
    }
  }
  return 0;
}
