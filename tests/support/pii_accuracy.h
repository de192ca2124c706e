#pragma once

// Measures the pii metric on tests/testdata/pii/corpus.tsv: for each kind of
// sample, how often each category was reported. Used by the accuracy test
// and by bench/pii_accuracy.

#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/evaluators/pii.h"
#include "metrics/pii/pii.h"
#include "tests/support/tsv.h"

namespace micrometrics::testing {

struct PiiSample {
  std::string category;  // expected category, "none" for look-alikes
  std::string kind;      // card, card-spaced, order-number, date, ...
  std::string text;
};

inline std::vector<PiiSample> LoadPiiCorpus(const std::string& path) {
  std::vector<PiiSample> out;
  for (auto& [a, b, c] : ReadTsv3(path)) out.push_back({a, b, c});
  return out;
}

struct KindResult {
  std::string category;
  int samples = 0;
  int expected_found = 0;               // recall (positives)
  std::map<std::string, int> reported;  // every category reported
};

inline std::map<std::string, KindResult> MeasurePii(
    const std::vector<PiiSample>& corpus) {
  const std::vector<std::string> all = {"email", "phone", "card",  "iban",
                                        "ssn",   "ip",    "secret"};
  std::map<std::string, KindResult> result;
  for (const auto& s : corpus) {
    KindResult& r = result[s.kind];
    r.category = s.category;
    ++r.samples;
    for (const auto& c : metrics::FindPiiCategories(s.text, all, {"US"})) {
      ++r.reported[c];
      if (c == s.category) ++r.expected_found;
    }
  }
  return result;
}

}  // namespace micrometrics::testing
