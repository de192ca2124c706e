#include "metrics/evaluators/keywords.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <string>
#include <vector>

#include "metrics/text/phrase_set.h"

namespace micrometrics::metrics {
namespace {

class KeywordsEvaluator final : public Evaluator {
 public:
  KeywordsEvaluator(std::vector<std::string> words, bool must, bool all,
                    bool on_input)
      : words_(std::move(words)),
        must_(must),
        all_(all),
        on_input_(on_input),
        set_(Options(), RE2::UNANCHORED) {
    // Word-bounded: ASCII word edges take RE2's fast \b; other scripts
    // need Unicode classes (not preceded or followed by a letter or digit).
    auto ascii_word = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0;
    };
    for (const auto& w : words_) {
      std::string head =
          ascii_word(w.front()) ? R"(\b)" : R"((?:^|[^\pL\pN_]))";
      std::string tail = ascii_word(w.back()) ? R"(\b)" : R"((?:$|[^\pL\pN_]))";
      set_.Add(head + RE2::QuoteMeta(w) + tail, nullptr);
    }
    set_.Compile();
  }

  Verdict Evaluate(const Event& event) const override {
    const auto& text = on_input_ ? event.input : event.output;
    if (!text) return Verdict::Skipped(on_input_ ? "no input" : "no output");
    std::vector<int> hits;
    set_.Match(NormaliseQuotes(*text), &hits);
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
  static RE2::Options Options() {
    RE2::Options o;
    o.set_case_sensitive(false);
    o.set_log_errors(false);
    return o;
  }
  std::vector<std::string> words_;
  bool must_;
  bool all_;
  bool on_input_;
  RE2::Set set_;
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
  return std::make_unique<KeywordsEvaluator>(std::move(words), mode == "must",
                                             match == "all", field == "input");
}

}  // namespace micrometrics::metrics
