#include "metrics/evaluators/repetition.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

namespace micrometrics::metrics {
namespace {

uint64_t Fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// Lower-cased ASCII words (other scripts' bytes kept as they are).
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char c : text) {
    if (IsWordByte(c)) {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// A list item or a table row: "- Monday: 9 am to 5 pm", "2. Tap Done.",
// "| Pro | $10 per month |".
bool StructureLine(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  if (line[i] == '|' || ((line[i] == '-' || line[i] == '*' || line[i] == '+') &&
                         i + 1 < line.size() && line[i + 1] == ' ')) {
    return true;
  }
  size_t digits = 0;
  while (i + digits < line.size() &&
         std::isdigit(static_cast<unsigned char>(line[i + digits]))) {
    ++digits;
  }
  return digits > 0 && digits <= 3 && i + digits + 1 < line.size() &&
         (line[i + digits] == '.' || line[i + digits] == ')') &&
         line[i + digits + 1] == ' ';
}

// The reply as runs of text whose word sequences are compared with each
// other: each list item or table row that differs from the others is a run
// of its own ("- Monday: 9 am to 5 pm" and "- Tuesday: 9 am to 5 pm" share
// their sequences by structure), all other text one run. A line repeated
// word for word belongs to the shared run; a loop inside one item still
// repeats within its run.
struct Run {
  uint64_t salt;  // 0: the shared run
  std::string_view text;
};

std::vector<Run> Runs(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::unordered_map<uint64_t, int> count;
  for (std::string_view line : lines) {
    if (StructureLine(line)) ++count[Fnv(line)];
  }
  std::vector<Run> runs;
  for (size_t i = 0; i < lines.size(); ++i) {
    const bool own = StructureLine(lines[i]) && count[Fnv(lines[i])] == 1;
    runs.push_back({own ? i + 1 : 0, lines[i]});
  }
  return runs;
}

class RepetitionEvaluator final : public Evaluator {
 public:
  RepetitionEvaluator(size_t n, double max_share, int sentence_repeats,
                      size_t min_words)
      : n_(n),
        max_share_(max_share),
        sentence_repeats_(sentence_repeats),
        min_words_(min_words) {}

  Verdict Evaluate(const Event& event) const override {
    if (!event.output) return Verdict::Skipped("no output");
    // One sentence over and over ("I'm here to help. I'm here to help.").
    std::unordered_map<uint64_t, int> sentences;
    int worst = 0;
    std::string sentence;
    auto flush = [&] {
      auto words = Words(sentence);
      sentence.clear();
      if (words.size() < 3) return;
      std::string key;
      for (const auto& w : words) key += w + ' ';
      worst = std::max(worst, ++sentences[Fnv(key)]);
    };
    for (size_t i = 0; i < event.output->size(); ++i) {
      char c = (*event.output)[i];
      sentence += c;
      if (c == '.' || c == '!' || c == '?' || c == '\n') flush();
    }
    flush();
    if (worst >= sentence_repeats_) {
      return Verdict::Fail("a sentence repeats " + std::to_string(worst) +
                           " times")
          .WithValue(worst);
    }
    auto words = Words(*event.output);
    if (words.size() < std::max(min_words_, n_ + 1)) {
      return Verdict::Skipped("too short to judge (" +
                              std::to_string(words.size()) + " words)");
    }
    // Word sequences, each keyed by its run (see Runs); the shared run's
    // sequences span its lines.
    std::unordered_map<uint64_t, int> seen;
    size_t total = 0;
    size_t repeated = 0;
    std::vector<uint64_t> shared;  // the shared run's word hashes
    auto count = [&](const std::vector<uint64_t>& hashes, uint64_t salt) {
      for (size_t i = 0; i + n_ <= hashes.size(); ++i) {
        uint64_t h = salt;
        for (size_t k = 0; k < n_; ++k) h = h * 1000003ULL ^ hashes[i + k];
        ++total;
        if (seen[h]++ > 0) ++repeated;
      }
    };
    for (const Run& run : Runs(*event.output)) {
      std::vector<uint64_t> hashes;
      for (const auto& w : Words(run.text)) hashes.push_back(Fnv(w));
      if (run.salt == 0) {
        shared.insert(shared.end(), hashes.begin(), hashes.end());
      } else {
        count(hashes, Fnv(std::to_string(run.salt)));
      }
    }
    count(shared, 0);
    if (total == 0) return Verdict::Pass("a list or table of distinct lines");
    const double share = static_cast<double>(repeated) / total;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f%% of %zu-word sequences repeat",
                  share * 100, n_);
    if (share > max_share_) return Verdict::Fail(buf).WithValue(share);
    return Verdict::Pass(buf).WithValue(share);
  }

 private:
  size_t n_;
  double max_share_;
  int sentence_repeats_;
  size_t min_words_;
};

}  // namespace

std::unique_ptr<Evaluator> RepetitionEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly(
      {"ngram", "max_repeated_share", "sentence_repeats", "min_words"});
  double n = params.GetDouble("ngram", 3);
  if (n < 1 || n > 10 || n != std::floor(n)) {
    params.Fail("ngram", "expected a whole number from 1 to 10");
  }
  double share = params.GetDouble("max_repeated_share", 0.3);
  if (share <= 0 || share >= 1) {
    params.Fail("max_repeated_share", "must be between 0 and 1");
  }
  double repeats = params.GetDouble("sentence_repeats", 3);
  if (repeats < 2 || repeats != std::floor(repeats)) {
    params.Fail("sentence_repeats", "expected a whole number of at least 2");
  }
  double min_words = params.GetDouble("min_words", 20);
  if (min_words < 1 || min_words != std::floor(min_words)) {
    params.Fail("min_words", "expected a whole number of at least 1");
  }
  return std::make_unique<RepetitionEvaluator>(static_cast<size_t>(n), share,
                                               static_cast<int>(repeats),
                                               static_cast<size_t>(min_words));
}

}  // namespace micrometrics::metrics
