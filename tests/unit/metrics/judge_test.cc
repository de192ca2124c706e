// The LLM judge's pure parts: the request it sends, the strict reading of
// the answer, sampling, budget, breaker, cache and calibration figures.
#include "metrics/judge/judge.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "metrics/judge/calibration.h"
#include "metrics/judge/judge_limits.h"

namespace micrometrics::metrics {
namespace {

using json = nlohmann::json;
using std::chrono::hours;
using std::chrono::seconds;

JudgeSpec Spec() {
  JudgeSpec spec;
  spec.url = "http://127.0.0.1:8080/v1/chat/completions";
  spec.model = "qwen2.5-7b-instruct";
  spec.rubric = "Does the reply answer the question the user asked?";
  spec.rubric_version = "answered-v1";
  return spec;
}

std::string Reply(const std::string& content, int in = 120, int out = 20) {
  return json{{"choices",
               {{{"message", {{"role", "assistant"}, {"content", content}}}}}},
              {"usage", {{"prompt_tokens", in}, {"completion_tokens", out}}}}
      .dump();
}

TEST(JudgeRequest, AsksTheRubricWithTheVerdictSchemaTheServerTakes) {
  JudgeSpec spec = Spec();
  json body = json::parse(JudgeRequestBody(spec, "[user] hi"));
  EXPECT_EQ(body["model"], "qwen2.5-7b-instruct");
  EXPECT_EQ(body["temperature"], 0.0);
  EXPECT_EQ(body["max_tokens"], 200);
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][1]["content"],
            "Question: Does the reply answer the question the user asked?"
            "\n\n<conversation>\n[user] hi\n</conversation>");
  const json& format = body["response_format"];
  EXPECT_EQ(format["type"], "json_schema");
  EXPECT_EQ(format["json_schema"]["strict"], true);
  EXPECT_EQ(format["json_schema"]["schema"]["properties"]["verdict"]["enum"],
            json({"pass", "fail", "unknown"}));

  spec.structured = StructuredOutput::kJsonSchema;  // llama.cpp
  body = json::parse(JudgeRequestBody(spec, "x"));
  EXPECT_FALSE(body.contains("response_format"));
  EXPECT_EQ(body["json_schema"]["required"], json({"verdict", "reason"}));

  spec.structured = StructuredOutput::kFormat;  // Ollama's /api/chat
  spec.max_tokens = 64;
  body = json::parse(JudgeRequestBody(spec, "x"));
  EXPECT_EQ(body["format"]["type"], "object");
  EXPECT_EQ(body["stream"], false);
  EXPECT_EQ(body["options"]["num_predict"], 64);
  EXPECT_FALSE(body.contains("max_tokens"));

  spec.structured = StructuredOutput::kNone;
  body = json::parse(JudgeRequestBody(spec, "x"));
  EXPECT_FALSE(body.contains("response_format"));
  EXPECT_FALSE(body.contains("format"));
}

TEST(JudgeRequest, ShowsTheConversationAndReplyCutAndRedactedAsConfigured) {
  JudgeSpec spec = Spec();
  Event event;
  EXPECT_EQ(JudgeTranscript(spec, event), "") << "nothing to judge";
  event.input = "Where is my refund? Mail me at jane@example.com";
  event.output = "It was sent on Monday to jane@example.com.";
  EXPECT_EQ(JudgeTranscript(spec, event),
            "[user] Where is my refund? Mail me at jane@example.com\n"
            "[assistant reply] It was sent on Monday to jane@example.com.");
  spec.redact = {"email"};
  EXPECT_EQ(JudgeTranscript(spec, event),
            "[user] Where is my refund? Mail me at [EMAIL]\n"
            "[assistant reply] It was sent on Monday to [EMAIL].");
  // The conversation's end and the reply's start are what is kept.
  spec.redact = {};
  spec.max_chars = 10;
  event.messages = {{"system", "You help."},
                    {"user", "Wo ist meine Rückzahlung?"}};
  EXPECT_EQ(JudgeTranscript(spec, event),
            "...kzahlung?\n[assistant reply] It was sen...");
}

TEST(JudgeReply, ReadsOnlyAVerdictObjectAndNeverGuesses) {
  JudgeAnswer a = ParseJudgeReply(
      Reply(R"({"verdict": "fail", "reason": "It talks about shipping."})"));
  EXPECT_EQ(a.verdict.outcome, Outcome::kFail);
  EXPECT_EQ(a.verdict.reason, "It talks about shipping.");
  EXPECT_EQ(a.input_tokens, 120);
  EXPECT_EQ(a.output_tokens, 20);
  EXPECT_EQ(ParseJudgeReply(Reply(R"({"verdict":"pass","reason":""})"))
                .verdict.outcome,
            Outcome::kPass);
  a = ParseJudgeReply(
      Reply(R"({"verdict":"unknown","reason":"No question."})"));
  EXPECT_EQ(a.verdict.outcome, Outcome::kSkipped);
  EXPECT_EQ(a.verdict.reason, "judge: unknown: No question.");
  // A fenced block, as models without structured output write it.
  EXPECT_EQ(
      ParseJudgeReply(
          Reply("```json\n{\"verdict\": \"pass\", \"reason\": \"ok\"}\n```"))
          .verdict.outcome,
      Outcome::kPass);
  // Ollama's native answer.
  a = ParseJudgeReply(json{
      {"message", {{"content", R"({"verdict":"fail"})"}}},
      {"prompt_eval_count", 50},
      {"eval_count", 7}}.dump());
  EXPECT_EQ(a.verdict.outcome, Outcome::kFail);
  EXPECT_EQ(a.input_tokens, 50);

  auto error = [](const std::string& body) {
    Verdict v = ParseJudgeReply(body).verdict;
    EXPECT_EQ(v.outcome, Outcome::kError) << body;
    return v.reason;
  };
  EXPECT_EQ(error(Reply("Yes, it answers the question.")),
            "judge reply did not parse: the content is not a JSON object");
  EXPECT_EQ(error(Reply(R"({"verdict": "yes"})")),
            "judge reply did not parse: verdict \"yes\" is not pass, fail or "
            "unknown");
  EXPECT_EQ(error(Reply(R"({"answer": "pass"})")),
            "judge reply did not parse: no \"verdict\" string");
  EXPECT_EQ(error("<html>502</html>"),
            "judge reply did not parse: the response is not a JSON object");
  EXPECT_EQ(error(R"({"choices": []})"),
            "judge reply did not parse: no choices[0].message");
  EXPECT_EQ(
      error(json{{"choices",
                  {{{"message", {{"content", nullptr}, {"refusal", "No."}}}}}}}
                .dump()),
      "judge refused to answer");
}

TEST(JudgeReply, TheReasonIsOneRedactedLineOfAtMost200Characters) {
  JudgeAnswer a = ParseJudgeReply(Reply(json{
      {"verdict", "fail"},
      {"reason", "Sent to jane@example.com\ninstead of\tanswering. " +
                     std::string(300, 'x')}}.dump()));
  EXPECT_TRUE(
      a.verdict.reason.starts_with("Sent to [EMAIL] instead of answering. xxx"))
      << a.verdict.reason;
  EXPECT_EQ(a.verdict.reason.size(), 203u);  // 200 and "..."
}

TEST(JudgeCache, KeysChangeWithWhatChangesTheAnswer) {
  JudgeSpec spec = Spec();
  const std::string key = JudgeCacheKey(spec, "text");
  EXPECT_EQ(key, JudgeCacheKey(spec, "text"));
  EXPECT_NE(key, JudgeCacheKey(spec, "text2"));
  JudgeSpec v2 = spec;
  v2.rubric_version = "answered-v2";
  EXPECT_NE(key, JudgeCacheKey(v2, "text"));
  JudgeSpec other = spec;
  other.model = "llama-3.1-8b";
  EXPECT_NE(key, JudgeCacheKey(other, "text"));
  JudgeSpec reworded = spec;
  reworded.rubric += " ";
  EXPECT_NE(key, JudgeCacheKey(reworded, "text"));

  JudgeCache cache(2);
  cache.Put("a", Verdict::Pass());
  cache.Put("b", Verdict::Fail("no"));
  ASSERT_TRUE(cache.Find("a"));  // a is now the most recent
  cache.Put("c", Verdict::Pass());
  EXPECT_FALSE(cache.Find("b")) << "the least recently used goes";
  EXPECT_TRUE(cache.Find("a"));
  cache.Put("d", Verdict::Error("timeout"));
  EXPECT_FALSE(cache.Find("d")) << "an error is asked again";
  EXPECT_EQ(cache.size(), 2u);
}

TEST(ModelFamily, NamesTheFamilyWhateverTheVendorPrefix) {
  EXPECT_EQ(ModelFamily("gpt-4o-mini"), "gpt");
  EXPECT_EQ(ModelFamily("o3-mini"), "gpt");
  EXPECT_EQ(ModelFamily("meta-llama/Llama-3.1-8B-Instruct"), "llama");
  EXPECT_EQ(ModelFamily("anthropic.claude-3-5-sonnet"), "claude");
  EXPECT_EQ(ModelFamily("Qwen/Qwen2.5-7B-Instruct"), "qwen");
  EXPECT_EQ(ModelFamily("mixtral-8x7b"), "mistral");
  EXPECT_EQ(ModelFamily("dolphin-2.9"), "") << "not phi";
  EXPECT_EQ(ModelFamily("my-finetune"), "");
}

TEST(JudgeSampler, PicksTheSameEventsEverywhereAndServesEachStratum) {
  JudgeSpec spec = Spec();
  spec.rate = 0.1;
  JudgeSampler a("answered", spec);
  JudgeSampler b("answered", spec);
  const auto now = JudgeClock::now();
  int sampled = 0;
  for (int i = 0; i < 10000; ++i) {
    Event e;
    e.id = "event-" + std::to_string(i);
    const auto decision = a.Decide(e, now);
    EXPECT_EQ(decision, b.Decide(e, now)) << e.id;
    sampled += decision == JudgeSampler::Decision::kSampled;
  }
  EXPECT_NEAR(sampled, 1000, 100);

  // By conversation: a conversation is judged whole or not at all.
  spec.by_conversation = true;
  JudgeSampler c("answered", spec);
  Event turn1, turn2;
  turn1.id = "x1";
  turn2.id = "x2";
  turn1.conversation_id = turn2.conversation_id = "conv-7";
  EXPECT_EQ(c.Decide(turn1, now), c.Decide(turn2, now));

  // A new prompt version gets its minimum each hour even at rate 0.
  spec = Spec();
  spec.rate = 0;
  spec.stratum = "prompt_version";
  spec.min_per_stratum = 2;
  JudgeSampler s("answered", spec);
  Event v1;
  v1.prompt_version = "v1";
  Event v2;
  v2.prompt_version = "v2";
  using D = JudgeSampler::Decision;
  EXPECT_EQ(s.Decide(v1, now), D::kStratumMinimum);
  EXPECT_EQ(s.Decide(v1, now), D::kStratumMinimum);
  EXPECT_EQ(s.Decide(v1, now), D::kNotSampled);
  EXPECT_EQ(s.Decide(v2, now), D::kStratumMinimum);
  EXPECT_EQ(s.Decide(v1, now + hours(1)), D::kStratumMinimum);
}

TEST(JudgeBudget, StopsWhenAnHourOrADayIsSpent) {
  JudgeSpec spec = Spec();
  spec.tokens_per_hour = 1000;
  spec.usd_per_day = 0.01;
  spec.price = JudgePrice{1.0, 4.0};  // per million tokens
  JudgeBudget budget(spec);
  const auto t = JudgeClock::time_point(hours(24 * 20000));  // a midnight
  EXPECT_TRUE(budget.Allows(t));
  budget.Spend(900, 99, t);
  EXPECT_TRUE(budget.Allows(t)) << "999 of 1000";
  budget.Spend(1, 0, t);
  EXPECT_FALSE(budget.Allows(t + seconds(10)));
  EXPECT_TRUE(budget.Allows(t + hours(1))) << "a new hour";
  EXPECT_DOUBLE_EQ(budget.Usd(1000000, 1000000), 5.0);
  // $0.01 a day: 2,000 output tokens at $4/M is $0.008, 600 more passes it.
  budget.Spend(0, 2000, t + hours(2));
  EXPECT_TRUE(budget.Allows(t + hours(3)));
  budget.Spend(0, 600, t + hours(3));
  EXPECT_FALSE(budget.Allows(t + hours(5)));
  EXPECT_TRUE(budget.Allows(t + hours(24))) << "a new day";
}

TEST(CircuitBreaker, OpensAfterFailuresInARowAndTriesOnceAfterTheCooldown) {
  using S = CircuitBreaker::State;
  CircuitBreaker breaker(3, std::chrono::seconds(30));
  const auto t = JudgeClock::now();
  breaker.Failed(t);
  breaker.Failed(t);
  breaker.Succeeded();  // not in a row
  breaker.Failed(t);
  breaker.Failed(t);
  EXPECT_EQ(breaker.state(t), S::kClosed);
  breaker.Failed(t);
  EXPECT_EQ(breaker.state(t), S::kOpen);
  EXPECT_FALSE(breaker.Allow(t + seconds(29)));
  EXPECT_EQ(breaker.state(t + seconds(30)), S::kHalfOpen);
  EXPECT_TRUE(breaker.Allow(t + seconds(30))) << "the trial call";
  EXPECT_FALSE(breaker.Allow(t + seconds(31))) << "one trial at a time";
  breaker.Failed(t + seconds(32));
  EXPECT_EQ(breaker.state(t + seconds(33)), S::kOpen) << "open again";
  EXPECT_TRUE(breaker.Allow(t + seconds(62)));
  breaker.Succeeded();
  EXPECT_EQ(breaker.state(t + seconds(62)), S::kClosed);
  EXPECT_TRUE(breaker.Allow(t + seconds(62)));
}

TEST(Calibration, AgreementRatesKappaAndTheCorrectedRate) {
  Confusion c;
  EXPECT_FALSE(c.Kappa());
  for (int i = 0; i < 20; ++i) c.Add(Outcome::kFail, true);
  for (int i = 0; i < 5; ++i) c.Add(Outcome::kFail, false);
  for (int i = 0; i < 10; ++i) c.Add(Outcome::kPass, true);
  for (int i = 0; i < 15; ++i) c.Add(Outcome::kPass, false);
  EXPECT_FALSE(c.Add(Outcome::kSkipped, true)) << "unknown is not a verdict";
  EXPECT_EQ(c.n(), 50u);
  EXPECT_NEAR(*c.TruePositiveRate(), 20.0 / 30, 1e-12);
  EXPECT_NEAR(*c.TrueNegativeRate(), 15.0 / 20, 1e-12);
  // po = 0.7, pe = 0.5 x 0.6 + 0.5 x 0.4 = 0.5: kappa = 0.4.
  EXPECT_NEAR(*c.Kappa(), 0.4, 1e-12);
  // (0.5 + 0.75 - 1) / (0.6667 + 0.75 - 1) = 0.6.
  EXPECT_NEAR(*CorrectedFailRate(0.5, c), 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(*CorrectedFailRate(0.1, c), 0.0) << "clamped";
  Confusion coin;
  coin.Add(Outcome::kFail, true);
  coin.Add(Outcome::kFail, false);
  EXPECT_FALSE(CorrectedFailRate(0.5, coin)) << "no better than chance";
}

}  // namespace
}  // namespace micrometrics::metrics
