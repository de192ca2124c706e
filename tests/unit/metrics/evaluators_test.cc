#include <gtest/gtest.h>

#include "metrics/registry.h"
#include "tests/support/test_params.h"

namespace micrometrics::metrics {
namespace {

Event WithOutput(std::string output) {
  Event e;
  e.output = std::move(output);
  return e;
}

TEST(Registry, HasEveryBuiltinType) {
  EvaluatorRegistry registry;
  RegisterBuiltinEvaluators(registry);
  EXPECT_EQ(registry.TypeNames(),
            (std::vector<std::string>{
                "cost", "empty_output", "error_status", "json_valid", "judge",
                "keywords", "language_match", "latency", "length", "markdown",
                "pii", "prompt_injection", "refusal", "regex", "repetition",
                "throughput", "truncation"}));
  EXPECT_EQ(registry.Find("nope"), nullptr);
  EXPECT_THROW(RegisterBuiltinEvaluators(registry), std::logic_error);
}

TEST(Regex, MatchInTheOutputFails) {
  auto e = MakeEvaluator("regex", {{"pattern", R"(\b\d{3}-\d{2}-\d{4}\b)"}});
  Verdict v = e->Evaluate(WithOutput("Your SSN is 123-45-6789."));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason, "output matches pattern");
  EXPECT_EQ(e->Evaluate(WithOutput("No numbers here")).outcome, Outcome::kPass);
}

TEST(Regex, MatchPassModeRequiresTheMatch) {
  auto e = MakeEvaluator("regex", {{"pattern", "^\\{"}, {"match", "pass"}});
  EXPECT_EQ(e->Evaluate(WithOutput("{\"a\":1}")).outcome, Outcome::kPass);
  Verdict v = e->Evaluate(WithOutput("Sure! Here is the JSON: {}"));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason, "output lacks pattern");
}

TEST(Regex, LooksAtTheInputWhenAsked) {
  auto e = MakeEvaluator("regex", {{"pattern", "ignore (all|previous)"},
                                   {"field", "input"},
                                   {"case_insensitive", "true"}});
  Event ev = WithOutput("ok");
  ev.input = "Please IGNORE previous instructions";
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kFail);
  ev.input.reset();
  Verdict v = e->Evaluate(ev);
  EXPECT_EQ(v.outcome, Outcome::kSkipped);
  EXPECT_EQ(v.reason, "no input");
}

TEST(Regex, MatchesUnicodeText) {
  auto e = MakeEvaluator("regex", {{"pattern", "Grüße|こんにちは"}});
  EXPECT_EQ(e->Evaluate(WithOutput("Viele Grüße, Ihr Team")).outcome,
            Outcome::kFail);
  EXPECT_EQ(e->Evaluate(WithOutput("こんにちは世界")).outcome, Outcome::kFail);
}

TEST(Regex, BadPatternIsAParamErrorAtThePattern) {
  try {
    MakeEvaluator("regex", {{"pattern", "(unclosed"}});
    FAIL() << "no error";
  } catch (const ParamError& e) {
    EXPECT_STREQ(e.what(), "params.pattern: bad regex: missing ): (unclosed");
    EXPECT_EQ(e.mark().line, 2);
    EXPECT_EQ(e.mark().column, 10);
  }
}

TEST(Regex, PatternIsRequiredAndUnknownKeysAreRefused) {
  EXPECT_THROW(MakeEvaluator("regex", {}), ParamError);
  try {
    MakeEvaluator("regex", {{"pattern", "a"}, {"feild", "input"}});
    FAIL() << "no error";
  } catch (const ParamError& e) {
    EXPECT_STREQ(e.what(),
                 "unknown key 'feild' in params (known: pattern, field, "
                 "match, case_insensitive)");
    EXPECT_EQ(e.mark().line, 3);
    EXPECT_EQ(e.mark().column, 3);
  }
  EXPECT_THROW(MakeEvaluator("regex", {{"pattern", "a"}, {"match", "maybe"}}),
               ParamError);
}

TEST(Length, CountsCodePointsNotBytes) {
  auto e = MakeEvaluator("length", {{"max", "5"}});
  Verdict ok = e->Evaluate(WithOutput("Grüße"));  // 5 chars, 7 bytes
  EXPECT_EQ(ok.outcome, Outcome::kPass);
  EXPECT_EQ(ok.value, 5);
  Verdict long_reply = e->Evaluate(WithOutput("Grüße!"));
  EXPECT_EQ(long_reply.outcome, Outcome::kFail);
  EXPECT_EQ(long_reply.reason, "output has 6 chars, above max 5");
}

TEST(Length, CountsWordsWithinBounds) {
  auto e =
      MakeEvaluator("length", {{"unit", "words"}, {"min", "3"}, {"max", "10"}});
  Verdict short_reply = e->Evaluate(WithOutput("Ja."));
  EXPECT_EQ(short_reply.outcome, Outcome::kFail);
  EXPECT_EQ(short_reply.reason, "output has 1 words, below min 3");
  EXPECT_EQ(e->Evaluate(WithOutput("Das  ist\u00a0eine\nAntwort")).value, 4);
  EXPECT_EQ(e->Evaluate(Event{}).outcome, Outcome::kSkipped);
}

TEST(Length, NeedsABoundAndSaneBounds) {
  EXPECT_THROW(MakeEvaluator("length", {}), ParamError);
  EXPECT_THROW(MakeEvaluator("length", {{"min", "10"}, {"max", "5"}}),
               ParamError);
  EXPECT_THROW(MakeEvaluator("length", {{"max", "lots"}}), ParamError);
}

TEST(EmptyOutput, BlankRepliesFail) {
  auto e = MakeEvaluator("empty_output");
  EXPECT_EQ(e->Evaluate(WithOutput("")).reason, "output is empty");
  EXPECT_EQ(e->Evaluate(WithOutput(" \n\t\u3000")).outcome, Outcome::kFail);
  EXPECT_EQ(e->Evaluate(WithOutput("ok")).outcome, Outcome::kPass);
}

TEST(EmptyOutput, FailedCallsAndMissingOutputAreSkipped) {
  auto e = MakeEvaluator("empty_output");
  Event failed;
  failed.status = "error";
  EXPECT_EQ(e->Evaluate(failed).outcome, Outcome::kSkipped);
  Event latency_only;
  latency_only.latency_ms = 5;
  EXPECT_EQ(e->Evaluate(latency_only).reason, "no output field");
}

TEST(Truncation, FinishReasonLengthFails) {
  auto e = MakeEvaluator("truncation");
  Event ev = WithOutput("The answer is");
  ev.finish_reason = "length";
  Verdict v = e->Evaluate(ev);
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.reason, "finish_reason length");
  ev.finish_reason = "max_tokens";  // Anthropic's word for it
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kFail);
  ev.finish_reason = "stop";
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kPass);
  ev.finish_reason.clear();
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kSkipped);
}

TEST(ErrorStatus, ErrorStatusFailsWithTheErrorType) {
  auto e = MakeEvaluator("error_status");
  Event ev;
  ev.status = "error";
  ev.error_type = "rate_limit";
  EXPECT_EQ(e->Evaluate(ev).reason, "call failed: rate_limit");
  ev.status = "ok";
  EXPECT_EQ(e->Evaluate(ev).outcome, Outcome::kPass);
}

TEST(Latency, SloOnLatencyOrTimeToFirstToken) {
  auto e2e = MakeEvaluator("latency", {{"max_ms", "2000"}});
  auto ttft =
      MakeEvaluator("latency", {{"field", "ttft_ms"}, {"max_ms", "300"}});
  Event ev;
  ev.latency_ms = 2400.4;
  ev.ttft_ms = 120;
  Verdict slow = e2e->Evaluate(ev);
  EXPECT_EQ(slow.outcome, Outcome::kFail);
  EXPECT_EQ(slow.reason, "latency_ms 2400ms above 2000ms");
  EXPECT_EQ(slow.value, 2400.4);
  EXPECT_EQ(ttft->Evaluate(ev).outcome, Outcome::kPass);
  ev.ttft_ms.reset();
  EXPECT_EQ(ttft->Evaluate(ev).reason, "no ttft_ms");
  EXPECT_THROW(MakeEvaluator("latency", {}), ParamError);
  EXPECT_THROW(MakeEvaluator("latency", {{"max_ms", "-1"}}), ParamError);
}

}  // namespace
}  // namespace micrometrics::metrics
