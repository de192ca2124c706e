// json_valid, markdown, repetition, keywords, cost and throughput on the
// hard cases their users meet.
#include <gtest/gtest.h>

#include "metrics/evaluators/json_valid.h"
#include "tests/support/test_params.h"

namespace micrometrics::metrics {
namespace {

TEST(JsonValid, ParsesWithOrWithoutAFence) {
  auto e = MakeEvaluator("json_valid");
  EXPECT_EQ(Judge(*e, R"({"a": [1, 2, {"b": null}]})").outcome, Outcome::kPass);
  EXPECT_EQ(Judge(*e, "```json\n{\"a\": 1}\n```").outcome, Outcome::kPass);
  Verdict broken = Judge(*e, "Sure! Here is the JSON: {\"a\": 1}");
  EXPECT_EQ(broken.outcome, Outcome::kFail);
  EXPECT_EQ(broken.reason.rfind("not JSON: ", 0), 0u) << broken.reason;
  EXPECT_EQ(Judge(*e, R"({"a": 1,})").outcome, Outcome::kFail);
  EXPECT_EQ(Judge(*e, "  ").reason, "not JSON: empty reply");
  auto strict = MakeEvaluator("json_valid", {{"strip_fence", "false"}});
  EXPECT_EQ(Judge(*strict, "```json\n{\"a\": 1}\n```").outcome, Outcome::kFail);
}

TEST(JsonValid, ValidatesAgainstASchemaAndNamesTheField) {
  const std::string schema = std::string(MICROMETRICS_SOURCE_DIR) +
                             "/tests/testdata/schema/order.schema.json";
  auto e = MakeEvaluator("json_valid", {{"schema_file", schema}});
  EXPECT_EQ(Judge(*e, R"({"order_id":"A1","items":[{"sku":"x","quantity":2}]})")
                .outcome,
            Outcome::kPass);
  Verdict v =
      Judge(*e, R"({"order_id":"A1","items":[{"sku":"x","quantity":0}]})");
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason,
            "schema: <root>[items][0][quantity]: Expected number greater than "
            "or equal to 1.000000");
  EXPECT_EQ(Judge(*e, R"({"items":[]})").outcome, Outcome::kFail);
  EXPECT_THROW(MakeEvaluator("json_valid", {{"schema_file", "/nonexistent"}}),
               ParamError);
}

TEST(Markdown, FlagsWhatAVoiceChannelCannotRender) {
  auto e = MakeEvaluator("markdown");
  EXPECT_EQ(
      Judge(*e, "Sure, your order ships tomorrow. Anything else?").outcome,
      Outcome::kPass);
  EXPECT_EQ(Judge(*e, "## Steps\n1. Open settings\n2. Tap **Billing**").reason,
            "markdown: heading, list, emphasis");
  EXPECT_EQ(Judge(*e, "See [the docs](https://example.com).").reason,
            "markdown: link");
  EXPECT_EQ(Judge(*e, "| a | b |\n|---|---|\n| 1 | 2 |").reason,
            "markdown: table");
  EXPECT_EQ(Judge(*e, "Run `make` first.").reason, "markdown: code");
  EXPECT_EQ(Judge(*e, "It costs 5 * 3 = 15 dollars, 2*3 too.").outcome,
            Outcome::kPass);
  ParamValue allow = ScalarParams({});
  AddListParam(allow, "allow", {"list", "emphasis"});
  auto lenient = RegistryForTests().Find("markdown")->Create(Params(allow));
  EXPECT_EQ(Judge(*lenient, "- one\n- **two**").outcome, Outcome::kPass);
  ParamValue unknown = ScalarParams({});
  AddListParam(unknown, "allow", {"tables"});
  EXPECT_THROW(RegistryForTests().Find("markdown")->Create(Params(unknown)),
               ParamError);
}

TEST(Markdown, FlagsAutolinksAndRulesButNotLookAlikes) {
  auto e = MakeEvaluator("markdown");
  EXPECT_EQ(Judge(*e, "Details at <https://example.com/help>.").reason,
            "markdown: link");
  EXPECT_EQ(Judge(*e, "Write to <help@example.com> today.").reason,
            "markdown: link");
  EXPECT_EQ(Judge(*e, "Intro\n\n---\n\nMore").reason,
            "markdown: thematic_break");
  EXPECT_EQ(Judge(*e, "See [the guide](<my guide.md>).").reason,
            "markdown: link");
  for (const char* plain : {
           "See [the guide](<my guide.md\\>).",  // the <destination> never
                                                 // closes
           "Press the \\[OK] button, then <enter> the code.",
           "**not bold **",                     // space before the closer
           "use snake__case__names in Python",  // underscores inside words
           "a < b and c > d, so 3 <= 4",        // comparisons, not tags
           "</a href=\"x\">",                   // a closing tag with attributes
           "Choose 1 or 2.\n*\nThanks",         // an empty list item
       }) {
    EXPECT_EQ(Judge(*e, plain).outcome, Outcome::kPass) << plain;
  }
}

TEST(Markdown, DecidesAsACommonMarkRendererDoes) {
  auto e = MakeEvaluator("markdown");
  // Constructs patterns cannot see: a setext heading, an indented code
  // block, a lazy blockquote line, a reference link, emphasis by flanking.
  EXPECT_EQ(Judge(*e, "Summary\n=======\n\nAll good.").reason,
            "markdown: heading");
  EXPECT_EQ(Judge(*e, "Run this:\n\n    make install\n").reason,
            "markdown: code");
  EXPECT_EQ(Judge(*e, "> quoted\nlazy continuation").reason,
            "markdown: blockquote");
  EXPECT_EQ(Judge(*e, "See [the guide][g].\n\n[g]: https://example.com").reason,
            "markdown: link");
  EXPECT_EQ(Judge(*e, "This is *really* it.").reason, "markdown: emphasis");
  EXPECT_EQ(Judge(*e, "Use <b>bold</b> and <!-- a note -->.").reason,
            "markdown: html");
  EXPECT_EQ(Judge(*e, "<!DOCTYPE html>").reason, "markdown: html");
  for (const char* plain : {
           "\\*not emphasis\\* and \\# not a heading",  // escaped
           "*foo bar *",  // the closer follows a space
           // Placeholders, not elements: a person reads them.
           "Replace <username> with your login, then press <Enter>.",
           "Fish &amp; chips, &copy; 2024",  // entities render as text
           "[g]: https://example.com",       // a definition alone shows nothing
       }) {
    EXPECT_EQ(Judge(*e, plain).outcome, Outcome::kPass) << plain;
  }
}

TEST(Markdown, ReadsTheFirst16KbInPieces) {
  auto e = MakeEvaluator("markdown");
  std::string prose;
  while (prose.size() < 9000) prose += "A plain sentence about the order.\n";
  // Markdown past the first 4 KB piece is found.
  EXPECT_EQ(Judge(*e, prose + "\n## Next steps\n").reason, "markdown: heading");
  // One 12 KB line of two-byte characters: the pieces are cut inside the
  // line, on character boundaries, and the emphasis at its end is found.
  std::string line;
  while (line.size() < 12000) line += "\u00e9t\u00e9 ";
  EXPECT_EQ(Judge(*e, line + "**done**").reason, "markdown: emphasis");
  // After the first 16 KB nothing is looked for.
  while (prose.size() < 17000) prose += "A plain sentence about the order.\n";
  EXPECT_EQ(Judge(*e, prose + "\n## Late heading\n").outcome, Outcome::kPass);
  // A megabyte of an input md4c takes quadratic time on: bounded by the
  // pieces (milliseconds, not minutes), and plain text.
  std::string hostile;
  while (hostile.size() < (1u << 20)) hostile += "]([\n";
  EXPECT_EQ(Judge(*e, hostile).outcome, Outcome::kPass);
}

TEST(Repetition, CatchesLoopsAndRepeatedSentences) {
  auto e = MakeEvaluator("repetition");
  std::string loop;
  for (int i = 0; i < 8; ++i) loop += "the quick answer is that the ";
  Verdict v = Judge(*e, loop);
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_GT(*v.value, 0.5);
  Verdict sentences =
      Judge(*e, "I'm here to help. I'm here to help. I'm here to help. Okay.");
  EXPECT_EQ(sentences.reason, "a sentence repeats 3 times");
  EXPECT_EQ(Judge(*e,
                  "To cancel, open the account page, choose the plan you "
                  "want to end, and confirm. You will get an e-mail with "
                  "the date your plan ends and a link to undo it.")
                .outcome,
            Outcome::kPass);
  EXPECT_EQ(Judge(*e, "Yes.").outcome, Outcome::kSkipped);
}

// Lists and tables repeat by structure: opening hours, plans, steps.
TEST(Repetition, ListsOfDistinctItemsAreNotLoops) {
  auto e = MakeEvaluator("repetition");
  EXPECT_EQ(Judge(*e,
                  "- Monday: 9 am to 5 pm\n- Tuesday: 9 am to 5 pm\n- "
                  "Wednesday: 9 am to 5 pm\n- Thursday: 9 am to 5 pm\n- "
                  "Friday: 9 am to 3 pm")
                .outcome,
            Outcome::kPass);
  EXPECT_EQ(Judge(*e,
                  "| Plan | Price | Storage |\n|---|---|---|\n| Basic | $5 per "
                  "month | 10 GB |\n| Pro | $10 per month | 100 GB |\n| Team "
                  "| $20 per month | 1 TB |\n| Enterprise | $50 per month | "
                  "10 TB |")
                .outcome,
            Outcome::kPass);
  // A loop inside the items, or the same item over and over, still fails.
  std::string looping;
  for (int i = 1; i <= 4; ++i) {
    looping += std::to_string(i) +
               ". the answer is the answer is the answer is the answer\n";
  }
  EXPECT_EQ(Judge(*e, looping).outcome, Outcome::kFail);
  std::string same;
  for (int i = 0; i < 6; ++i) same += "- open the settings and tap the\n";
  EXPECT_EQ(Judge(*e, same).outcome, Outcome::kFail);
}

TEST(Keywords, MustNotAndMustWordBoundedCaseInsensitive) {
  ParamValue banned = ScalarParams({});
  AddListParam(banned, "words", {"CompetitorX", "guaranteed refund"});
  auto e = RegistryForTests().Find("keywords")->Create(Params(banned));
  EXPECT_EQ(Judge(*e, "You could try competitorx instead.").reason,
            "contains 'CompetitorX'");
  EXPECT_EQ(Judge(*e, "We offer a Guaranteed Refund.").outcome, Outcome::kFail);
  EXPECT_EQ(Judge(*e, "CompetitorXYZ is unrelated.").outcome, Outcome::kPass);
  ParamValue required = ScalarParams({{"mode", "must"}, {"match", "all"}});
  AddListParam(required, "words", {"nicht", "Beratung"});
  auto m = RegistryForTests().Find("keywords")->Create(Params(required));
  EXPECT_EQ(
      Judge(*m, "Dies ist keine Beratung, und nicht verbindlich.").outcome,
      Outcome::kPass);
  EXPECT_EQ(Judge(*m, "Dies ist keine Beratung.").reason, "missing 'nicht'");
  EXPECT_THROW(MakeEvaluator("keywords"), ParamError);
}

// Whole words in every script: Cyrillic and Greek words are bounded by
// their own script's letters, Chinese, Japanese and Korean ones sit between
// letters and match there; an accent ends a Latin word only with it.
TEST(Keywords, WholeWordsInEveryScript) {
  ParamValue banned = ScalarParams({});
  AddListParam(banned, "words",
               {"кот", "退款", "返金", "환불", "ΦΠΑ", "café", "C++"});
  auto e = RegistryForTests().Find("keywords")->Create(Params(banned));
  EXPECT_EQ(Judge(*e, "Мой кот спит.").reason, "contains 'кот'");
  EXPECT_EQ(Judge(*e, "Хочу котлету.").outcome, Outcome::kPass);
  EXPECT_EQ(Judge(*e, "我想要退款。").reason, "contains '退款'");
  EXPECT_EQ(Judge(*e, "返金をお願いします").reason, "contains '返金'");
  EXPECT_EQ(Judge(*e, "환불을 요청합니다").reason, "contains '환불'");
  EXPECT_EQ(Judge(*e, "Η τιμή με φπα είναι 10 ευρώ.").reason, "contains 'ΦΠΑ'");
  EXPECT_EQ(Judge(*e, "Ένα Café au lait.").reason, "contains 'café'");
  EXPECT_EQ(Judge(*e, "Les cafés sont fermés.").outcome, Outcome::kPass);
  EXPECT_EQ(Judge(*e, "Written in C++, not C.").reason, "contains 'C++'");
  EXPECT_EQ(Judge(*e, "C++11 adds lambdas.").outcome, Outcome::kPass);
}

// A long list of words in other scripts used to fail to compile silently,
// and the first event then crashed the daemon. Thousands now fit; a list
// too large for one pass is a config error naming `words`.
TEST(Keywords, ThousandsOfWordsInOtherScriptsCompile) {
  std::vector<std::string> words;
  for (int i = 0; i < 2000; ++i) {
    words.push_back("слово" + std::to_string(i) + "ы");
  }
  ParamValue many = ScalarParams({});
  AddListParam(many, "words", words);
  auto e = RegistryForTests().Find("keywords")->Create(Params(many));
  EXPECT_EQ(Judge(*e, "Это слово1999ы здесь.").reason, "contains 'слово1999ы'");
  EXPECT_EQ(Judge(*e, "Это слово1999ых здесь.").outcome, Outcome::kPass);
  // Tifinagh is not among the scripts with a class of their own: its words
  // are bounded by every letter, the costly class, and this many do not fit.
  std::vector<std::string> costly;
  for (int i = 0; i < 3000; ++i) {
    costly.push_back("\xE2\xB5\x9C" + std::to_string(i) + "\xE2\xB5\x9C");
  }
  ParamValue too_many = ScalarParams({});
  AddListParam(too_many, "words", costly);
  try {
    RegistryForTests().Find("keywords")->Create(Params(too_many));
    ADD_FAILURE() << "3000 costly keywords compiled";
  } catch (const ParamError& error) {
    EXPECT_NE(
        std::string(error.what())
            .find("too many keywords to match in one pass (3000): split them "
                  "across several metrics"),
        std::string::npos)
        << error.what();
  }
}

TEST(Cost, PricesCallsFromTheTable) {
  ParamValue root = ScalarParams({{"max_usd", "0.01"}});
  ParamValue prices;
  prices.kind = ParamValue::Kind::kMap;
  ParamValue mini = ScalarParams({{"input", "0.15"}, {"output", "0.6"}});
  prices.map.emplace_back("gpt-4o-mini", mini);
  ParamValue big = ScalarParams({{"input", "2.5"}, {"output", "10"}});
  prices.map.emplace_back("gpt-4o", big);
  root.map.emplace_back("prices", prices);
  root.key_marks.push_back({1, 1});
  auto e = RegistryForTests().Find("cost")->Create(Params(root));
  Event ev;
  ev.model = "gpt-4o-mini";
  ev.usage = {1000000, 100000};
  Verdict v = e->Evaluate(ev);
  EXPECT_EQ(v.outcome, Outcome::kFail);  // $0.21 > $0.01
  EXPECT_NEAR(*v.value, 0.15 + 0.06, 1e-9);
  ev.usage = {812, 96};
  ev.model = "gpt-4o";
  v = e->Evaluate(ev);
  EXPECT_EQ(v.outcome, Outcome::kPass);
  EXPECT_NEAR(*v.value, 812 * 2.5e-6 + 96 * 10e-6, 1e-12);
  ev.model = "claude";
  EXPECT_EQ(e->Evaluate(ev).reason, "no price for model claude");
  EXPECT_EQ(RegistryForTests().Find("cost")->value_counter().name,
            "micrometrics_cost_usd_total");
}

TEST(Throughput, TokensPerSecondOfGeneration) {
  auto e = MakeEvaluator("throughput", {{"min_tokens_per_second", "20"}});
  Event ev;
  ev.usage.output_tokens = 96;
  ev.latency_ms = 2212;
  ev.ttft_ms = 212;
  Verdict v = e->Evaluate(ev);
  EXPECT_EQ(v.outcome, Outcome::kPass);
  EXPECT_DOUBLE_EQ(*v.value, 48);
  ev.latency_ms = 10212;
  EXPECT_EQ(e->Evaluate(ev).reason, "9.6 tokens/s below 20.0");
  ev.latency_ms.reset();
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kSkipped);
}

}  // namespace
}  // namespace micrometrics::metrics
