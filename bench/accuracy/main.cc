// How often each detector is right, on labelled text it was not built from:
//
//   build/bench/accuracy [--data DIR] [--split heldout|dev|all] [--check]
//                        [--floors] [--only DETECTOR] [--misses DETECTOR]
//   build/bench/accuracy --export-training DIR
//   build/bench/accuracy --robustness refusal   (dev half: how much passing
//                                               rests on one phrase)
//
// DIR defaults to ../shared/data beside the source tree (read in place).
// Figures are recall, false-positive rate and precision with Wilson 95%
// intervals, n, and the cost per item. --check exits 1 when a target of
// docs/METRICS.md is missed on the held-out half; --misses prints the rows a
// detector gets wrong, from the dev half only (the half one may tune on).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/accuracy/baselines.h"
#include "bench/accuracy/labelled.h"
#include "bench/accuracy/robustness.h"
#include "bench/accuracy/secrets.h"
#include "metrics/evaluators/pii.h"
#include "metrics/evaluators/refusal.h"
#include "metrics/language/language_detector.h"
#include "metrics/pii/pii.h"
#include "metrics/refusal/reading.h"
#include "metrics/text/phrase_set.h"
#include "metrics/text/text_classifier.h"
#include "tests/support/language_accuracy.h"
#include "tests/support/pii_accuracy.h"
#include "tests/support/test_params.h"

namespace micrometrics::accuracy {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string data = MICROMETRICS_SOURCE_DIR "/../shared/data";
  Split split = Split::kHeldOut;
  bool check = false;   // exit 1 when a goal is missed
  bool floors = false;  // exit 1 when a floor is missed (CI)
  std::string only;
  std::string misses;
  std::string export_dir;  // --export-training: write training files, exit
  std::string robustness;  // --robustness DETECTOR: the dev half, then exit
};

struct Report {
  const Options& options;

  bool Wanted(const std::string& detector) const {
    return (options.only.empty() || options.only == detector) &&
           (options.misses.empty() || options.misses == detector);
  }
  // A target of the issue (`goal`) and the floor below which a change is a
  // regression (`floor`, checked in CI by --floors: today's figure less
  // the noise of the held-out half).
  struct Target {
    std::string what;
    double value, goal, floor;
    bool higher_is_better;
    bool Met(double bound) const {
      return higher_is_better ? value >= bound : value <= bound;
    }
  };
  std::vector<Target> targets;
  void AtLeast(double value, double goal, double floor,
               const std::string& what) {
    targets.push_back({what, value, goal, floor, true});
  }
  void AtMost(double value, double goal, double ceiling,
              const std::string& what) {
    targets.push_back({what, value, goal, ceiling, false});
  }
};

double Rate(uint64_t n, uint64_t d) { return d ? double(n) / double(d) : 0; }

void Header(const char* title, const char* first_column) {
  std::printf(
      "\n### %s\n\n| %s | n+ | recall | n- | false positives | "
      "precision | us/item |\n|---|---|---|---|---|---|---|\n",
      title, first_column);
}

void Line(const std::string& name, const Tally& t, double us) {
  std::printf("| %s | %llu | %s | %llu | %s | %s | %.1f |\n", name.c_str(),
              static_cast<unsigned long long>(t.positives()),
              Percent(t.tp, t.positives()).c_str(),
              static_cast<unsigned long long>(t.negatives()),
              Percent(t.fp, t.negatives()).c_str(),
              Percent(t.tp, t.tp + t.fp).c_str(), us);
}

void Miss(const Report& r, const std::string& detector, const char* what,
          const std::string& label, const std::string& reason,
          const std::string& text) {
  if (r.options.misses != detector) return;
  std::string shown = text.substr(0, 600);
  std::replace(shown.begin(), shown.end(), '\n', ' ');
  std::printf("%s [%s] (%s) %s\n", what, label.c_str(), reason.c_str(),
              shown.c_str());
}

// Runs `decide` over rows, timing it; returns microseconds per item.
template <typename Rows, typename Decide>
double Timed(const Rows& rows, Decide decide) {
  auto start = Clock::now();
  for (const auto& row : rows) decide(row);
  auto us = std::chrono::duration<double, std::micro>(Clock::now() - start);
  return rows.empty() ? 0 : us.count() / static_cast<double>(rows.size());
}

// Verdicts of `evaluator` on `events`, and its cost in microseconds per
// event, timed on a second pass: the first fills RE2's lazily built DFAs,
// as the first minutes of a daemon do.
double Evaluate(const metrics::Evaluator& evaluator,
                const std::vector<metrics::Event>& events,
                std::vector<metrics::Verdict>* verdicts) {
  verdicts->clear();
  for (const auto& e : events) verdicts->push_back(evaluator.Evaluate(e));
  size_t sink = 0;
  const double us = Timed(events, [&](const metrics::Event& e) {
    sink += evaluator.Evaluate(e).reason.size();
  });
  return sink == SIZE_MAX ? 0 : us;
}

std::vector<metrics::Event> InputEvents(const std::vector<Row>& rows) {
  std::vector<metrics::Event> events(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) events[i].input = rows[i].fields[0];
  return events;
}

std::vector<metrics::Event> OutputEvents(const std::vector<Row>& rows) {
  std::vector<metrics::Event> events(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) events[i].output = rows[i].fields[0];
  return events;
}

std::vector<Row> Load(const Options& o, const std::string& file,
                      size_t text_field) {
  std::vector<Row> out;
  for (auto& row : ReadLabelledTsv(o.data + "/" + file)) {
    if (InSplit(row.fields.at(text_field), o.split)) {
      out.push_back(std::move(row));
    }
  }
  return out;
}

// ---------------------------------------------------------------- refusal

bool OneVoice(const std::string& reply) {
  return metrics::refusal::SplitVoices(metrics::NormaliseQuotes(reply))
             .size() == 1;
}

void Refusal(Report& r) {
  if (!r.Wanted("refusal")) return;
  auto rows = Load(r.options, "refusal_gptfuzz.tsv", 1);
  auto evaluator = metrics::MakeEvaluator("refusal");
  auto rules_only =
      metrics::MakeEvaluator("refusal", {{"classifier", "false"}});
  Tally ours, first_words, keywords, single, several, single_rules;
  std::vector<metrics::Event> events(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    events[i].input = rows[i].fields[0];
    events[i].output = rows[i].fields[1];
  }
  std::vector<metrics::Verdict> verdicts;
  const double us = Evaluate(*evaluator, events, &verdicts);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const metrics::Verdict& v = verdicts[i];
    const bool truth = row.label == "refusal";
    const bool fail = v.outcome == metrics::Outcome::kFail;
    ours.Add(truth, fail);
    const bool one_voice = OneVoice(row.fields[1]);
    (one_voice ? single : several).Add(truth, fail);
    if (truth != fail) {
      Miss(r, "refusal", fail ? "FALSE POSITIVE" : "MISSED",
           row.label + (one_voice ? "" : ", voices"), v.reason, row.fields[1]);
    }
    if (one_voice) {
      single_rules.Add(truth, rules_only->Evaluate(events[i]).outcome ==
                                  metrics::Outcome::kFail);
    }
  }
  // Each voice of a reply in several voices, judged as if it came alone.
  // A reply labelled `complied` answered in at least one voice: if every
  // voice fails alone, the voice that answered would have been failed on
  // its own, a false positive of the one-voice kind the goal is about, on
  // rows that are not in the one-voice figures. A refusal's voices all
  // decline: one that fails alone is the check on recall.
  Tally voices_alone;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string reply = metrics::NormaliseQuotes(rows[i].fields[1]);
    const auto voices = metrics::refusal::SplitVoices(reply);
    if (voices.size() < 2) continue;
    size_t judged = 0, failed = 0;
    std::string reason;
    for (std::string_view voice : voices) {
      if (voice.size() < metrics::refusal::kMinVoiceBytes) continue;
      metrics::Event alone;
      alone.output = std::string(voice);
      const metrics::Verdict v = evaluator->Evaluate(alone);
      ++judged;
      if (v.outcome == metrics::Outcome::kFail) {
        ++failed;
        reason = v.reason;
      }
    }
    if (judged == 0) continue;
    const bool truth = rows[i].label == "refusal";
    const bool fail = truth ? failed > 0 : failed == judged;
    voices_alone.Add(truth, fail);
    if (!truth && fail) {
      Miss(r, "refusal", "FALSE POSITIVE", "every voice alone", reason,
           rows[i].fields[1]);
    }
  }
  for (const auto& row : rows) {
    first_words.Add(row.label == "refusal", FirstWordsRefusal(row.fields[1]));
    keywords.Add(row.label == "refusal", KeywordListRefusal(row.fields[1]));
  }
  Header("refusal: refusal_gptfuzz.tsv (ChatGPT, Llama-2, Vicuna replies)",
         "detector");
  Line("`refusal` (built-in), every reply", ours, us);
  Line("`refusal`, replies in one voice", single, 0);
  Line("`refusal` rules only (`classifier: false`), replies in one voice",
       single_rules, 0);
  Line(
      "`refusal`, replies in several voices (a refusal only if no voice "
      "answers)",
      several, 0);
  Line(
      "`refusal`, each voice of those replies judged alone (refusals: a "
      "voice fails; answers: every voice fails)",
      voices_alone, 0);
  Line("baseline: string match on the first words", first_words, 0);
  Line("baseline: long keyword list (GCG test prefixes), anywhere", keywords,
       0);
  const double recall = Rate(single.tp, single.positives());
  const double fpr = Rate(single.fp, single.negatives());
  // Floors moved on 2026-12-02, when deflections began to need three hints
  // of a lecture (safety advice says two): recall 90.3% -> 87.7%, false
  // positives 4.9% -> 2.9% (docs/METRICS.md). The classifier for fewer
  // hints (2026-12-02, later) took recall to 91.9% at 3.9%.
  r.AtLeast(recall, 0.92, 0.90, "refusal recall, replies in one voice");
  r.AtMost(fpr, 0.03, 0.05, "refusal false positives, replies in one voice");
  // Our own bounds on the voices judged alone (2026-12-03: 91.9% and 6.7%
  // held out), so that what they measure cannot slide back unseen.
  r.AtLeast(Rate(voices_alone.tp, voices_alone.positives()), 0.88, 0.85,
            "refusal: two-voice refusals with a voice that fails alone");
  r.AtMost(Rate(voices_alone.fp, voices_alone.negatives()), 0.08, 0.10,
           "refusal: two-voice answers whose every voice fails alone");
  const double all_j =
      Rate(ours.tp, ours.positives()) - Rate(ours.fp, ours.negatives());
  for (const Tally* b : {&first_words, &keywords}) {
    const double baseline =
        Rate(b->tp, b->positives()) - Rate(b->fp, b->negatives());
    r.AtLeast(all_j - baseline, 0.0001, 0.0001,
              std::string("refusal: recall - false positives above the ") +
                  (b == &first_words ? "first-words" : "keyword-list") +
                  " baseline's, every reply");
  }
  // Everyday assistant replies ("Sorry, no flights match.", "Tickets are
  // $50."), none a refusal: what production traffic mostly is.
  {
    Tally everyday;
    std::vector<metrics::Verdict> plain;
    std::vector<Row> system;
    for (auto& row : Load(r.options, "markdown_sgd_spoken.tsv", 0)) {
      if (row.label == "NONE|system") system.push_back(std::move(row));
    }
    const double us_plain = Evaluate(*evaluator, OutputEvents(system), &plain);
    for (size_t i = 0; i < system.size(); ++i) {
      const bool fail = plain[i].outcome == metrics::Outcome::kFail;
      everyday.Add(false, fail);
      if (fail) {
        Miss(r, "refusal", "FALSE POSITIVE", "everyday", plain[i].reason,
             system[i].fields[0]);
      }
    }
    Line(
        "`refusal` on everyday assistant turns (markdown_sgd_spoken.tsv, "
        "system side)",
        everyday, us_plain);
    r.AtMost(Rate(everyday.fp, everyday.negatives()), 0.01, 0.02,
             "refusal false positives, everyday assistant turns");
  }
  // Cost is measured by bench/evaluators_bench (docs/PERFORMANCE.md); the
  // column above is for orientation.
}

// ------------------------------------------------------- prompt_injection

// The verdicts of three prompt_injection configurations on the same rows:
// the built-in (families and classifier), families only, classifier only.
struct InjectionTallies {
  Tally builtin, families, classifier;
  double us = 0;
};

InjectionTallies InjectionRun(Report& r, const std::vector<Row>& rows,
                              const std::string& positive_label) {
  auto builtin = metrics::MakeEvaluator("prompt_injection");
  auto families =
      metrics::MakeEvaluator("prompt_injection", {{"classifier", "false"}});
  auto classifier =
      metrics::MakeEvaluator("prompt_injection", {{"builtin", "false"}});
  InjectionTallies out;
  const auto events = InputEvents(rows);
  std::vector<metrics::Verdict> verdicts, by_families, by_classifier;
  out.us = Evaluate(*builtin, events, &verdicts);
  Evaluate(*families, events, &by_families);
  Evaluate(*classifier, events, &by_classifier);
  auto fails = [](const metrics::Verdict& v) {
    return v.outcome == metrics::Outcome::kFail;
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const bool truth = row.label == positive_label;
    out.builtin.Add(truth, fails(verdicts[i]));
    out.families.Add(truth, fails(by_families[i]));
    out.classifier.Add(truth, fails(by_classifier[i]));
    if (truth != fails(verdicts[i])) {
      Miss(r, "prompt_injection",
           fails(verdicts[i]) ? "FALSE POSITIVE" : "MISSED", row.label,
           verdicts[i].reason.empty()
               ? "score " + std::to_string(int(verdicts[i].value.value_or(0)))
               : verdicts[i].reason,
           row.fields[0]);
    }
  }
  return out;
}

// The three rows of one data set: built-in, families only, classifier only.
void InjectionLines(const std::string& set, const InjectionTallies& t) {
  Line(set + ", built-in", t.builtin, t.us);
  Line(set + ", families only (`classifier: false`)", t.families, 0);
  Line(set + ", classifier only (`builtin: false`)", t.classifier, 0);
}

void PromptInjection(Report& r) {
  if (!r.Wanted("prompt_injection")) return;
  Header("prompt_injection", "data set");
  {
    auto rows = Load(r.options, "injection_jailbreak_classification.tsv", 0);
    auto t = InjectionRun(r, rows, "jailbreak");
    InjectionLines(
        "injection_jailbreak_classification.tsv (jailbreaks; benign incl. "
        "role-play)",
        t);
    r.AtLeast(Rate(t.builtin.tp, t.builtin.positives()), 0.80, 0.85,
              "prompt_injection recall, jailbreaks");
    r.AtMost(Rate(t.builtin.fp, t.builtin.negatives()), 0.02, 0.02,
             "prompt_injection false positives, benign prompts");
  }
  {
    auto rows = Load(r.options, "injection_benign_notinject.tsv", 0);
    auto t = InjectionRun(r, rows, "");
    InjectionLines(
        "injection_benign_notinject.tsv (benign, full of trigger words)", t);
    r.AtMost(Rate(t.builtin.fp, t.builtin.negatives()), 0.02, 0.03,
             "prompt_injection false positives, benign with trigger words");
  }
}

// Writes the dev half of the labelled data as fastText training files into
// `dir`, in the form the classifiers see text (TextClassifier::Normalise).
// scripts/train_models.sh trains the built-in models from them.
void ExportTraining(const Options& o, const std::string& dir) {
  Options dev = o;
  dev.split = Split::kDev;
  auto file =
      [&](const std::string& name, size_t max_bytes,
          const std::vector<std::pair<std::string, std::string>>& examples) {
        const std::string path = dir + "/" + name + ".txt";
        std::FILE* out = std::fopen(path.c_str(), "w");
        if (!out) throw std::runtime_error("cannot write " + path);
        for (const auto& [label, text] : examples) {
          std::fprintf(
              out, "__label__%s %s\n", label.c_str(),
              metrics::TextClassifier::Normalise(text, max_bytes).c_str());
        }
        if (std::fclose(out) != 0) {
          throw std::runtime_error("cannot write " + path);
        }
        std::printf("wrote %zu dev rows to %s\n", examples.size(),
                    path.c_str());
      };
  std::vector<std::pair<std::string, std::string>> injection;
  for (auto& row : Load(dev, "injection_jailbreak_classification.tsv", 0)) {
    injection.emplace_back(row.label, std::move(row.fields[0]));
  }
  // Benign prompts full of trigger words teach it that words are not attacks.
  for (auto& row : Load(dev, "injection_benign_notinject.tsv", 0)) {
    injection.emplace_back("benign", std::move(row.fields[0]));
  }
  file("prompt_injection", metrics::kPromptInjectionModelBytes, injection);

  // refusal: one-voice replies, and everyday assistant turns as answers so
  // that the model does not learn that a short reply is a refusal. The
  // classifier only ever sees replies the rules found a hint of a lecture
  // in, but it learns from all of them.
  auto replies = Load(dev, "refusal_gptfuzz.tsv", 1);
  std::vector<std::pair<std::string, std::string>> refusal;
  for (const auto& row : replies) {
    if (!OneVoice(row.fields[1])) continue;
    refusal.emplace_back(row.label == "refusal" ? "refusal" : "answer",
                         metrics::NormaliseQuotes(row.fields[1]));
  }
  std::vector<std::pair<std::string, std::string>> everyday;
  for (auto& row : Load(dev, "markdown_sgd_spoken.tsv", 0)) {
    if (row.label == "NONE|system") {
      everyday.emplace_back("answer", metrics::NormaliseQuotes(row.fields[0]));
    }
  }
  refusal.insert(refusal.end(), everyday.begin(), everyday.end());
  file("refusal", metrics::kRefusalModelBytes, refusal);
  file("refusal_everyday", metrics::kRefusalModelBytes, everyday);

  // For scripts/refusal_cv.py, which trains on some questions and tests on
  // the others: per dev row, its question, label, whether it is one voice,
  // the rules' verdict, and whether the classifier would be asked (a
  // threshold of almost 0 fails every reply it is asked about).
  auto rules = metrics::MakeEvaluator("refusal", {{"classifier", "false"}});
  auto asked = metrics::MakeEvaluator(
      "refusal", {{"classifier", "true"}, {"classifier_threshold", "1e-30"}});
  const std::string path = dir + "/refusal_rows.tsv";
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (!out) throw std::runtime_error("cannot write " + path);
  std::fprintf(out, "question\tlabel\tone_voice\trules\tasked\ttext\n");
  for (const auto& row : replies) {
    metrics::Event event;
    event.input = row.fields[0];
    event.output = row.fields[1];
    const bool rules_fail =
        rules->Evaluate(event).outcome == metrics::Outcome::kFail;
    const bool would_ask = !rules_fail && asked->Evaluate(event).outcome ==
                                              metrics::Outcome::kFail;
    std::fprintf(out, "%s\t%s\t%d\t%s\t%d\t%s\n",
                 metrics::TextClassifier::Normalise(row.fields[0], 400).c_str(),
                 row.label.c_str(), OneVoice(row.fields[1]) ? 1 : 0,
                 rules_fail ? "fail" : "pass", would_ask ? 1 : 0,
                 metrics::TextClassifier::Normalise(
                     metrics::NormaliseQuotes(row.fields[1]),
                     metrics::kRefusalModelBytes)
                     .c_str());
  }
  if (std::fclose(out) != 0) throw std::runtime_error("cannot write " + path);
  std::printf("wrote %zu dev rows to %s\n", replies.size(), path.c_str());
}

// -------------------------------------------------------------------- pii

void Pii(Report& r) {
  if (!r.Wanted("pii")) return;
  const std::vector<std::string> all = {"email", "phone", "card",  "iban",
                                        "ssn",   "ip",    "secret"};
  // Presidio's entity types for our categories.
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"email", "EMAIL_ADDRESS"}, {"phone", "PHONE_NUMBER"},
      {"card", "CREDIT_CARD"},    {"iban", "IBAN_CODE"},
      {"ssn", "US_SSN"},          {"ip", "IP_ADDRESS"}};
  // The regions docs/METRICS.md tells users to set for mixed traffic.
  const std::vector<std::string> regions = {"US", "GB", "DE", "FR", "IN"};
  auto rows = Load(r.options, "pii_presidio_synth.tsv", 0);
  for (const auto& row : rows) {  // warm RE2's DFAs, as a running daemon has
    metrics::FindPiiCategories(row.fields[0], all, regions);
  }
  std::map<std::string, Tally> tallies;
  Tally any;
  double us = Timed(rows, [&](const Row& row) {
    auto found = metrics::FindPiiCategories(row.fields[0], all, regions);
    bool any_truth = false;
    for (const auto& [ours, presidio] : kinds) {
      const bool truth = row.label.find(presidio) != std::string::npos;
      const bool said =
          std::find(found.begin(), found.end(), ours) != found.end();
      any_truth |= truth;
      tallies[ours].Add(truth, said);
      if (truth != said) {
        Miss(r, "pii", said ? "FALSE POSITIVE" : "MISSED",
             ours + " / " + row.label, "", row.fields[0]);
      }
    }
    any.Add(any_truth, !found.empty());
  });
  Header("pii: pii_presidio_synth.tsv (regions US, GB, DE, FR, IN)",
         "category");
  for (const auto& [ours, presidio] : kinds) {
    const Tally& t = tallies[ours];
    Line(ours, t, 0);
    const double need = ours == "phone" ? 0.95 : 0.98;
    const double floor = ours == "phone" ? 0.93 : ours == "card" ? 0.96 : need;
    r.AtLeast(Rate(t.tp, t.positives()), need, floor,
              "pii " + ours + " recall, Presidio");
    if (ours != "phone") {
      r.AtMost(Rate(t.fp, t.negatives()), 0, 0.005,
               "pii " + ours + " false positives, Presidio");
    }
  }
  Line("any category", any, us);

  Header("pii: tests/testdata/pii/corpus.tsv (faker, the project's own)",
         "kind");
  auto own = testing::MeasurePii(testing::LoadPiiCorpus(
      MICROMETRICS_SOURCE_DIR "/tests/testdata/pii/corpus.tsv"));
  for (const auto& [kind, k] : own) {
    Tally t;
    int others = 0;
    for (const auto& [c, n] : k.reported) {
      if (c != k.category) others += n;
    }
    if (k.category == "none") {
      for (int i = 0; i < k.samples; ++i) t.Add(false, i < others);
    } else {
      for (int i = 0; i < k.samples; ++i) t.Add(true, i < k.expected_found);
    }
    Line(kind + " (" + k.category + ")", t, 0);
  }

  Header("pii secret: vendor formats and look-alikes (generated, seeded)",
         "kind");
  auto samples = MakeSecretSamples(50, 20261201);
  for (const auto& sample : samples) {
    metrics::FindPiiCategories(sample.text, {"secret"}, {"US"});
  }
  std::map<std::string, Tally> by_kind;
  Tally secrets;
  us = Timed(samples, [&](const SecretSample& s) {
    auto found = metrics::FindPiiCategories(s.text, {"secret"}, {"US"});
    const bool said = !found.empty();
    by_kind[s.kind].Add(s.secret, said);
    secrets.Add(s.secret, said);
    if (said != s.secret) {
      Miss(r, "pii", said ? "FALSE POSITIVE" : "MISSED", s.kind, "", s.text);
    }
  });
  for (const auto& [kind, t] : by_kind) Line(kind, t, 0);
  Line("all", secrets, us);
  r.AtLeast(Rate(secrets.tp, secrets.positives()), 0.95, 0.95,
            "pii secret recall, vendor formats");
  r.AtMost(Rate(secrets.fp, secrets.negatives()), 0.01, 0.01,
           "pii secret false positives, look-alikes");
  for (const auto& [kind, t] : by_kind) {
    if (t.positives()) {
      r.AtLeast(Rate(t.tp, t.positives()), 0.95, 0.95,
                "pii secret recall: " + kind);
    }
  }
}

// --------------------------------------------------------------- markdown

void Markdown(Report& r) {
  if (!r.Wanted("markdown")) return;
  auto evaluator = metrics::MakeEvaluator("markdown");
  // Kinds the spec's HTML shows that a listener would hear as noise, by the
  // name the metric reports them under.
  const std::map<std::string, std::string> ours = {
      {"heading", "heading"},   {"list", "list"},
      {"emphasis", "emphasis"}, {"link", "link"},
      {"image", "link"},        {"code", "code"},
      {"html", "html"},         {"blockquote", "blockquote"},
      {"table", "table"},       {"thematic_break", "thematic_break"}};
  auto rows = Load(r.options, "markdown_commonmark_spec.tsv", 0);
  std::map<std::string, Tally> by_kind;
  Tally whole, autolinks;
  std::vector<metrics::Verdict> verdicts;
  double us = Evaluate(*evaluator, OutputEvents(rows), &verdicts);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const metrics::Verdict& v = verdicts[i];
    const bool fail = v.outcome == metrics::Outcome::kFail;
    std::string kinds = row.label.substr(0, row.label.find('|'));
    const bool truth = kinds != "NONE";
    whole.Add(truth, fail);
    if (row.label.find("|Autolinks") != std::string::npos) {
      autolinks.Add(truth, fail);
    }
    if (truth != fail) {
      Miss(r, "markdown", fail ? "FALSE POSITIVE" : "MISSED", row.label,
           v.reason, row.fields[0]);
    }
    if (!truth) continue;
    size_t at = 0;
    while (at <= kinds.size()) {
      size_t comma = kinds.find(',', at);
      std::string k = kinds.substr(
          at, comma == std::string::npos ? std::string::npos : comma - at);
      auto it = ours.find(k);
      if (it != ours.end()) {
        by_kind[k].Add(true, v.reason.find(it->second) != std::string::npos);
      }
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
  }
  Header("markdown: markdown_commonmark_spec.tsv (per spec example)",
         "kind in the rendered HTML");
  for (const auto& [k, t] : by_kind) Line(k, t, 0);
  Line("spec section Autolinks (`<https://...>`; NONE rows are look-alikes)",
       autolinks, 0);
  Line("any markdown (NONE rows are the negatives)", whole, us);
  auto plain = Load(r.options, "markdown_sgd_spoken.tsv", 0);
  Tally spoken;
  us = Evaluate(*evaluator, OutputEvents(plain), &verdicts);
  for (size_t i = 0; i < plain.size(); ++i) {
    const Row& row = plain[i];
    const metrics::Verdict& v = verdicts[i];
    const bool fail = v.outcome == metrics::Outcome::kFail;
    spoken.Add(false, fail);
    if (fail) {
      Miss(r, "markdown", "FALSE POSITIVE", row.label, v.reason, row.fields[0]);
    }
  }
  Header("markdown: markdown_sgd_spoken.tsv (plain spoken turns)", "data set");
  Line("assistant and user turns", spoken, us);
  r.AtLeast(Rate(autolinks.tp, autolinks.positives()), 0.9, 0.9,
            "markdown autolinks caught");
  r.AtLeast(Rate(whole.tp, whole.positives()), 0.95, 0.95,
            "markdown caught, spec examples that render markup");
  r.AtMost(Rate(whole.fp, whole.negatives()), 0.1, 0.05,
           "markdown look-alikes flagged, spec examples that render plain");
  r.AtMost(Rate(spoken.fp, spoken.negatives()), 0.01, 0.01,
           "markdown false positives, spoken turns");
}

// --------------------------------------------------------------- language

void Language(Report& r) {
  if (!r.Wanted("language_match")) return;
  auto corpus = testing::LoadLanguageCorpus(
      MICROMETRICS_SOURCE_DIR "/tests/testdata/language/corpus.tsv");
  auto evaluator = metrics::MakeEvaluator("language_match");
  metrics::Cld2LanguageDetector detector;
  auto start = Clock::now();
  auto result = testing::MeasureLanguageMatch(corpus, *evaluator, detector);
  const double us =
      std::chrono::duration<double, std::micro>(Clock::now() - start).count() /
      static_cast<double>(corpus.size() * 2);
  std::printf(
      "\n### language_match: tests/testdata/language/corpus.tsv (CLD2, %zu "
      "texts; each text as the reply to an input in its language and to one "
      "in another)\n\n| length | same-language pairs | false fails | "
      "switched pairs | caught | us/item |\n|---|---|---|---|---|---|\n",
      corpus.size());
  int same = 0, same_fail = 0;
  for (const auto& [bucket, a] : result) {
    std::printf("| %s | %d | %s | %d | %s | %.1f |\n", bucket.c_str(),
                a.same_pairs, Percent(a.same_fail, a.same_pairs).c_str(),
                a.mismatch_pairs,
                Percent(a.mismatch_fail, a.mismatch_pairs).c_str(), us);
    same += a.same_pairs;
    same_fail += a.same_fail;
  }
  r.AtMost(Rate(same_fail, same), 0.005, 0.005,
           "language_match same-language false fails");
  const auto& long_texts = result["long"];
  r.AtLeast(Rate(long_texts.mismatch_fail, long_texts.mismatch_pairs), 0.99,
            0.99, "language_match switches caught, 200-600 chars");
}

int Main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "accuracy: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--data") {
      o.data = value();
    } else if (arg == "--split") {
      std::string s = value();
      if (s == "all") {
        o.split = Split::kAll;
      } else if (s == "dev") {
        o.split = Split::kDev;
      } else if (s == "heldout") {
        o.split = Split::kHeldOut;
      } else {
        std::fprintf(stderr, "accuracy: --split is heldout, dev or all\n");
        return 2;
      }
    } else if (arg == "--check") {
      o.check = true;
    } else if (arg == "--floors") {
      o.floors = true;
    } else if (arg == "--only") {
      o.only = value();
    } else if (arg == "--export-training") {
      o.export_dir = value();
    } else if (arg == "--robustness") {
      o.robustness = value();
      if (o.robustness != "refusal") {
        std::fprintf(stderr, "accuracy: --robustness knows refusal only\n");
        return 2;
      }
    } else if (arg == "--misses") {
      o.misses = value();
      o.split = Split::kDev;  // never look at the held-out half's rows
    } else {
      std::fprintf(stderr,
                   "usage: accuracy [--data DIR] [--split heldout|dev|all] "
                   "[--check] [--floors] [--only DETECTOR] [--misses DETECTOR] "
                   "[--export-training DIR] [--robustness refusal]\n");
      return 2;
    }
  }
  if ((o.check || o.floors) && o.split != Split::kHeldOut) {
    std::fprintf(stderr,
                 "accuracy: --check and --floors judge the held-out half "
                 "only\n");
    return 2;
  }
  if (!o.robustness.empty()) {
    try {
      RefusalRobustness(o.data);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "accuracy: %s\n", e.what());
      return 2;
    }
    return 0;
  }
  if (!o.export_dir.empty()) {
    try {
      ExportTraining(o, o.export_dir);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "accuracy: %s\n", e.what());
      return 2;
    }
    return 0;
  }
  std::printf("## How often it is right (split: %s; data: %s)\n",
              o.split == Split::kAll   ? "all rows"
              : o.split == Split::kDev ? "dev half"
                                       : "held-out half",
              o.data.c_str());
  Report report{o, {}};
  try {
    Refusal(report);
    PromptInjection(report);
    Pii(report);
    Markdown(report);
    Language(report);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "accuracy: %s\n", e.what());
    return 2;
  }
  std::printf(
      "\n### Targets\n\n| target | measured | goal | floor (CI) | goal met "
      "|\n|---|---|---|---|---|\n");
  int goals_missed = 0, floors_missed = 0;
  for (const auto& t : report.targets) {
    auto show = [](double v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
      return std::string(buf);
    };
    const char* sign = t.higher_is_better ? ">= " : "<= ";
    std::printf("| %s | %s | %s%s | %s%s | %s |\n", t.what.c_str(),
                show(t.value).c_str(), sign, show(t.goal).c_str(), sign,
                show(t.floor).c_str(), t.Met(t.goal) ? "yes" : "**no**");
    goals_missed += !t.Met(t.goal);
    floors_missed += !t.Met(t.floor);
  }
  std::printf("\n%d goals missed, %d floors missed\n", goals_missed,
              floors_missed);
  if (o.check && goals_missed) return 1;
  if (o.floors && floors_missed) return 1;
  return 0;
}

}  // namespace
}  // namespace micrometrics::accuracy

int main(int argc, char** argv) {
  return micrometrics::accuracy::Main(argc, argv);
}
