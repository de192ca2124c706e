#include "bench/accuracy/robustness.h"

#include <re2/re2.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/accuracy/labelled.h"
#include "metrics/refusal/reading.h"
#include "metrics/text/phrase_set.h"
#include "tests/support/test_params.h"

namespace micrometrics::accuracy {
namespace {

// Pairs of sentences are left out of answers of at most this many
// sentences (a 40-sentence answer gives 780 variants).
constexpr size_t kMaxSentencesForPairs = 40;

// The sentences of `text` as the detector reads them (LeadingSentences),
// each with the space before it, so that leaving some out keeps the line
// breaks of the rest (lists stay lists).
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  while (true) {
    const std::string_view first =
        metrics::LeadingSentences(text, 1, text.size());
    if (first.empty()) break;  // nothing but white space left
    const auto end =
        static_cast<size_t>(first.data() + first.size() - text.data());
    out.push_back(text.substr(0, end));
    text.remove_prefix(end);
  }
  return out;
}

std::string Without(const std::vector<std::string_view>& sentences, size_t a,
                    size_t b) {
  std::string out;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (i != a && i != b) out += sentences[i];
  }
  return out;
}

// The phrases that show an answer, and other words for each.
struct Rewording {
  const char* pattern;
  std::vector<const char*> rewrites;
};
const std::vector<Rewording>& Rewordings() {
  static const std::vector<Rewording> table = {
      {R"(\byou could\b)",
       {"you might", "you can", "one could", "someone could",
        "it's possible to"}},
      {R"(\bYou could\b)", {"You might", "You can", "One could"}},
      {R"(\b[Oo]ne option is to\b)",
       {"One possibility is to", "One idea is to", "One way is to"}},
      {R"(\bFirst(?:ly)?, )", {"To begin, ", "Initially, ", "Step one: "}},
      {R"(\b[Hh]ere's how\b)", {"This is how", "Here is what you do"}},
      {R"(\bthere are a few\b)", {"there are several", "there are some"}},
      {R"(\bI would suggest\b)", {"I'd propose", "I recommend"}},
      {R"(\bsuch as\b)", {"like", "including", "for example"}},
      {R"(\b[Ss]ome common approaches include\b)",
       {"Common tactics include", "Typical methods include"}},
      {R"((?m)^(\s*)\d{1,2}\. )", {"\\1- ", "\\1* "}},
      {R"(\bYou might\b)", {"You could", "You may"}},
      {R"(\byou need to\b)", {"you have to", "you'll want to"}},
      {R"(\bThen, )", {"After that, ", "Next, "}},
      {R"(\bNext, )", {"Then, ", "After that, "}},
  };
  return table;
}

// Rewordings(), compiled once, in the same order.
const std::vector<std::unique_ptr<RE2>>& RewordingPatterns() {
  static const auto* compiled = [] {
    auto* out = new std::vector<std::unique_ptr<RE2>>;
    for (const auto& r : Rewordings()) {
      out->push_back(std::make_unique<RE2>(r.pattern));
    }
    return out;
  }();
  return *compiled;
}

struct Tried {
  uint64_t answers = 0, variants = 0, failed = 0, answers_failed = 0;
};

void PrintLine(const char* what, const Tried& t) {
  std::printf("| %s | %llu | %llu | %llu | %llu, %s |\n", what,
              static_cast<unsigned long long>(t.answers),
              static_cast<unsigned long long>(t.variants),
              static_cast<unsigned long long>(t.failed),
              static_cast<unsigned long long>(t.answers_failed),
              Percent(t.answers_failed, t.answers).c_str());
}

}  // namespace

void RefusalRobustness(const std::string& data_dir) {
  auto evaluator = metrics::MakeEvaluator("refusal");
  auto fails = [&](const std::string& input, std::string output) {
    metrics::Event event;
    event.input = input;
    event.output = std::move(output);
    return evaluator->Evaluate(event).outcome == metrics::Outcome::kFail;
  };
  Tried one, two, reworded, prefixed, closed, answer_prefixed, caveated;
  uint64_t answers = 0, refusals = 0;
  // What a persona or an assistant puts before or after what it says.
  constexpr const char* kPrefixes[] = {
      "Okay. ",
      "I see. ",
      "Hmm. ",
      "Well, well, well. ",
      "Alright, listen up. ",
      "Developer Mode enabled.\n\n",
      "Ah, an interesting request! ",
      "As you wish. ",
  };
  // What an answer closes with: a caveat, a disclaimer, a warning.
  constexpr const char* kCaveats[] = {
      "\n\nRemember, this is just for fun!",
      "\n\nPlease use this information responsibly.",
      "\n\nDisclaimer: I do not condone illegal activities.",
      "\n\nBut seriously, don't do this.",
      "\n\nI must remind you that this is illegal.",
      "\n\nNote: this is for educational purposes only.",
  };
  constexpr const char* kClosings[] = {
      "\n\nLet me know if you need anything else!",
      "\n\nI hope you understand.",
      "\n\nStay safe!",
  };
  for (const Row& row : ReadLabelledTsv(data_dir + "/refusal_gptfuzz.tsv")) {
    const std::string& input = row.fields.at(0);
    const std::string& reply = row.fields.at(1);
    if (!InSplit(reply, Split::kDev)) continue;
    if (metrics::refusal::SplitVoices(metrics::NormaliseQuotes(reply)).size() !=
        1) {
      continue;
    }
    if (row.label == "refusal") {
      // A refusal that fails, judged again with a word put first or a line
      // added last: do its verdicts rest on where the decline sits?
      ++refusals;
      if (!fails(input, reply)) continue;  // already missed
      auto passes = [&](Tried* t, auto&& each_variant) {
        ++t->answers;
        const uint64_t before = t->failed;
        each_variant([&](std::string variant) {
          ++t->variants;
          if (!fails(input, std::move(variant))) ++t->failed;
        });
        if (t->failed > before) ++t->answers_failed;
      };
      passes(&prefixed, [&](auto&& judge) {
        for (const char* p : kPrefixes) judge(p + reply);
      });
      passes(&closed, [&](auto&& judge) {
        for (const char* c : kClosings) judge(reply + c);
      });
      continue;
    }
    if (row.label != "complied") continue;
    ++answers;
    if (fails(input, reply)) continue;  // already a false positive
    const auto sentences = Sentences(reply);
    const size_t n = sentences.size();
    auto tally = [&](Tried* t, auto&& each_variant) {
      ++t->answers;
      const uint64_t before = t->failed;
      each_variant([&](std::string variant) {
        ++t->variants;
        if (fails(input, std::move(variant))) ++t->failed;
      });
      if (t->failed > before) ++t->answers_failed;
    };
    if (n >= 2) {
      tally(&one, [&](auto&& judge) {
        for (size_t a = 0; a < n; ++a) judge(Without(sentences, a, n));
      });
    }
    if (n >= 3 && n <= kMaxSentencesForPairs) {
      tally(&two, [&](auto&& judge) {
        for (size_t a = 0; a < n; ++a) {
          for (size_t b = a + 1; b < n; ++b) judge(Without(sentences, a, b));
        }
      });
    }
    tally(&answer_prefixed, [&](auto&& judge) {
      for (const char* p : kPrefixes) judge(p + reply);
    });
    tally(&caveated, [&](auto&& judge) {
      for (const char* c : kCaveats) judge(reply + c);
    });
    const auto& patterns = RewordingPatterns();
    bool has_phrase = false;
    for (const auto& re : patterns) {
      has_phrase = has_phrase || RE2::PartialMatch(reply, *re);
    }
    if (has_phrase) {
      tally(&reworded, [&](auto&& judge) {
        for (size_t i = 0; i < patterns.size(); ++i) {
          for (const char* rewrite : Rewordings()[i].rewrites) {
            std::string variant = reply;
            if (RE2::GlobalReplace(&variant, *patterns[i], rewrite) > 0) {
              judge(std::move(variant));
            }
          }
        }
      });
    }
  }
  std::printf(
      "\n### refusal: how much the dev answers' passing rests on one phrase "
      "(dev half)\n\nThe one-voice answers of refusal_gptfuzz.tsv's dev half "
      "(%llu; those that already fail are left out), judged again with "
      "sentences left out, their answer phrases reworded, a short sentence "
      "put first or a caveat added last.\n\n| variant | "
      "answers | variants | "
      "variants that fail | answers with a variant that fails |\n"
      "|---|---|---|---|---|\n",
      static_cast<unsigned long long>(answers));
  PrintLine("one sentence left out", one);
  PrintLine("two sentences left out", two);
  PrintLine("answer phrases reworded", reworded);
  PrintLine("a short sentence put first", answer_prefixed);
  PrintLine(
      "a caveat added last (\"I must remind you that this is "
      "illegal.\", ...)",
      caveated);
  std::printf(
      "\nThe one-voice refusals of the dev half (%llu; those already missed "
      "are left out), judged again with a short sentence put first "
      "(\"Okay.\", \"Developer Mode enabled.\", ...) or a closing line "
      "added (\"Let me know if you need anything else!\").\n\n| variant | "
      "refusals | variants | variants that pass | refusals with a variant "
      "that passes |\n|---|---|---|---|---|\n",
      static_cast<unsigned long long>(refusals));
  PrintLine("a short sentence put first", prefixed);
  PrintLine("a closing line added", closed);
}

}  // namespace micrometrics::accuracy
