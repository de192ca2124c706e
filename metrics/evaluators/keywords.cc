#include "metrics/evaluators/keywords.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "metrics/text/fixed_regex.h"
#include "metrics/text/phrase_set.h"

namespace micrometrics::metrics {
namespace {

// The pattern that must surround a keyword's first (`head`) or last
// character so that it matches whole words only, chosen by that
// character's script:
// - an ASCII letter or digit: RE2's \b (fast);
// - other ASCII (the "+" of "C++"): no ASCII letter, digit or _ beside it;
// - a script written without spaces (Han, kana, Thai, Lao, Khmer,
//   Myanmar) or whose words take particles (Hangul): nothing, since such
//   words sit between letters ("我想要退款。", "환불을");
// - a letter of a script with spaces: no letter of that script (or digit,
//   or _) beside it: "кот" is not in "котлета". The script's class, not
//   all of \pL: a class of every letter is hundreds of ranges, and a few
//   dozen keywords with such edges outgrew any memory budget.
std::string Edge(std::string_view word, bool head) {
  size_t at = 0;
  if (!head) {
    at = word.size() - 1;
    while (at > 0 && (static_cast<unsigned char>(word[at]) & 0xC0) == 0x80) {
      --at;
    }
  }
  const unsigned char c = static_cast<unsigned char>(word[at]);
  if (c < 0x80) {
    if (std::isalnum(c) != 0) return R"(\b)";
    return head ? "(?:^|[^0-9A-Za-z_])" : "(?:$|[^0-9A-Za-z_])";
  }
  size_t len = 1;
  while (at + len < word.size() &&
         (static_cast<unsigned char>(word[at + len]) & 0xC0) == 0x80) {
    ++len;
  }
  const re2::StringPiece ch(word.data() + at, len);
  static const FixedRegex spaceless(
      R"([\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Hangul}])");
  if (RE2::FullMatch(ch, spaceless)) return "";
  static const FixedRegex letter(R"([\pL\pN\pM])");
  if (!RE2::FullMatch(ch, letter)) return "";  // a symbol or emoji
  // Each script's class and its one-character test, built once.
  struct Script {
    std::string cls;
    std::unique_ptr<FixedRegex> test;
  };
  static const std::vector<Script>* scripts = [] {
    auto* out = new std::vector<Script>;
    for (const char* name :
         {"Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Armenian",
          "Georgian", "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Tamil",
          "Telugu", "Kannada", "Malayalam", "Sinhala", "Ethiopic", "Thaana"}) {
      std::string cls = std::string(R"(\p{)") + name + "}";
      out->push_back({cls, std::make_unique<FixedRegex>("[" + cls + "]")});
    }
    return out;
  }();
  // Combining accents (U+0300..U+036F) belong to no script.
  std::string cls = R"(\pL\pN)";
  for (const auto& script : *scripts) {
    if (RE2::FullMatch(ch, *script.test)) {
      cls = script.cls + R"(\x{0300}-\x{036F})";
      break;
    }
  }
  cls = "[^" + cls + "0-9_]";
  return head ? "(?:^|" + cls + ")" : "(?:$|" + cls + ")";
}

class KeywordsEvaluator final : public Evaluator {
 public:
  KeywordsEvaluator(std::vector<std::string> words, bool must, bool all,
                    bool on_input, std::unique_ptr<RE2::Set> set)
      : words_(std::move(words)),
        must_(must),
        all_(all),
        on_input_(on_input),
        set_(std::move(set)) {}

  Verdict Evaluate(const Event& event) const override {
    const auto& text = on_input_ ? event.input : event.output;
    if (!text) return Verdict::Skipped(on_input_ ? "no input" : "no output");
    std::vector<int> hits;
    set_->Match(NormaliseQuotes(*text), &hits);
    std::sort(hits.begin(), hits.end());
    const bool any = !hits.empty();
    const bool every = hits.size() == words_.size();
    if (must_) {
      if (all_ ? every : any) return Verdict::Pass();
      for (size_t i = 0; i < words_.size(); ++i) {
        if (!std::binary_search(hits.begin(), hits.end(),
                                static_cast<int>(i))) {
          return Verdict::Fail("missing '" + words_[i] + "'");
        }
      }
      return Verdict::Fail("missing every keyword");
    }
    if (all_ ? every : any) {
      return Verdict::Fail("contains '" + words_[static_cast<size_t>(hits[0])] +
                           "'")
          .WithValue(static_cast<double>(hits.size()));
    }
    return Verdict::Pass();
  }

 private:
  std::vector<std::string> words_;
  bool must_;
  bool all_;
  bool on_input_;
  std::unique_ptr<RE2::Set> set_;
};

}  // namespace

std::unique_ptr<Evaluator> KeywordsEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"words", "mode", "match", "field"});
  auto words = params.GetStringList("words", {});
  if (words.empty()) params.Fail("words", "give at least one word or phrase");
  for (const auto& w : words) {
    if (w.empty()) params.Fail("words", "empty keyword");
  }
  std::string mode = params.GetChoice("mode", {"must_not", "must"}, "must_not");
  std::string match = params.GetChoice("match", {"any", "all"}, "any");
  std::string field = params.GetChoice("field", {"output", "input"}, "output");
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(kPatternSetMaxMem);  // thousands of keywords fit
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const auto& w : words) {
    if (set->Add(Edge(w, true) + RE2::QuoteMeta(w) + Edge(w, false), nullptr) <
        0) {
      params.Fail("words", "cannot match '" + w + "'");
    }
  }
  if (!set->Compile()) {
    params.Fail("words", "too many keywords to match in one pass (" +
                             std::to_string(words.size()) +
                             "): split them across several metrics");
  }
  return std::make_unique<KeywordsEvaluator>(std::move(words), mode == "must",
                                             match == "all", field == "input",
                                             std::move(set));
}

}  // namespace micrometrics::metrics
