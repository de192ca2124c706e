#include "metrics/ingest/event_json.h"

#include <gtest/gtest.h>

#include <chrono>

#include "metrics/ingest/time.h"

namespace micrometrics::metrics {
namespace {

ParsedBody Parse(std::string body, BodyFormat format = BodyFormat::kJson) {
  EventParser parser;
  return parser.Parse(body, format);
}

TEST(EventJson, ParsesEveryFieldOfTheContractExample) {
  ParsedBody p = Parse(R"({
    "id": "req-8c1f", "timestamp": "2026-11-27T10:00:00Z",
    "conversation_id": "conv-77", "turn": 5,
    "model": "gpt-4o-mini", "provider": "openai",
    "prompt_version": "support-v42", "route": "billing", "tenant": "acme",
    "locale": "de-DE", "channel": "voice",
    "input": "Wie kündige ich mein Abo?",
    "messages": [{"role": "system", "content": "Be brief."},
                 {"role": "user", "content": [{"type": "text", "text": "Hallo"},
                                              {"type": "image_url", "image_url": {"url": "x"}}]}],
    "output": "To cancel your subscription ...",
    "latency_ms": 1840.5, "ttft_ms": 212,
    "usage": {"input_tokens": 812, "output_tokens": 96},
    "finish_reason": "stop", "status": "ok", "error_type": null,
    "attributes": {"experiment": "b", "shard": 3, "beta": true, "none": null},
    "something_new": {"nested": [1, 2, {"x": null}]}
  })");
  ASSERT_FALSE(p.document_error) << p.document_error->message;
  ASSERT_EQ(p.events.size(), 1u);
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].message;
  const Event& e = p.events[0];
  EXPECT_EQ(e.id, "req-8c1f");
  using namespace std::chrono;
  EXPECT_EQ(e.timestamp, sys_days(year{2026} / 11 / 27) + hours(10));
  EXPECT_EQ(e.conversation_id, "conv-77");
  EXPECT_EQ(e.turn, 5);
  EXPECT_EQ(e.model, "gpt-4o-mini");
  EXPECT_EQ(e.provider, "openai");
  EXPECT_EQ(e.prompt_version, "support-v42");
  EXPECT_EQ(e.route, "billing");
  EXPECT_EQ(e.tenant, "acme");
  EXPECT_EQ(e.locale, "de-DE");
  EXPECT_EQ(e.channel, "voice");
  EXPECT_EQ(e.input, "Wie kündige ich mein Abo?");
  ASSERT_EQ(e.messages.size(), 2u);
  EXPECT_EQ(e.messages[0].role, "system");
  EXPECT_EQ(e.messages[1].content, "Hallo");
  EXPECT_EQ(e.output, "To cancel your subscription ...");
  EXPECT_EQ(e.latency_ms, 1840.5);
  EXPECT_EQ(e.ttft_ms, 212);
  EXPECT_EQ(e.usage.input_tokens, 812);
  EXPECT_EQ(e.usage.output_tokens, 96);
  EXPECT_EQ(e.finish_reason, "stop");
  EXPECT_EQ(e.status, "ok");
  EXPECT_EQ(e.error_type, "");
  EXPECT_EQ(e.attributes,
            (std::vector<std::pair<std::string, std::string>>{
                {"experiment", "b"}, {"shard", "3"}, {"beta", "true"}}));
  EXPECT_EQ(e.Field("attributes.shard"), "3");
  EXPECT_EQ(e.Field("turn"), "5");
}

TEST(EventJson, AcceptsOpenAiUsageNames) {
  ParsedBody p =
      Parse(R"({"usage":{"prompt_tokens":10,"completion_tokens":3}})");
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].usage.input_tokens, 10);
  EXPECT_EQ(p.events[0].usage.output_tokens, 3);
}

TEST(EventJson, ArrayItemsAreJudgedOneByOne) {
  ParsedBody p = Parse(
      R"([{"output":"a"},{"output":1},"x",{"output":"b","turn":-1},{"status":"error"}])");
  EXPECT_EQ(p.items, 5u);
  ASSERT_EQ(p.events.size(), 2u);
  EXPECT_EQ(p.events[0].output, "a");
  EXPECT_EQ(p.events[1].status, "error");
  ASSERT_EQ(p.errors.size(), 3u);
  EXPECT_EQ(p.errors[0].index, 1u);
  EXPECT_EQ(p.errors[0].message, "field 'output': expected a string");
  EXPECT_EQ(p.errors[1].index, 2u);
  EXPECT_EQ(p.errors[2].index, 3u);
  EXPECT_EQ(p.errors[2].message,
            "field 'turn': expected a non-negative integer");
}

TEST(EventJson, EventWithNothingToEvaluateIsRejected) {
  ParsedBody p = Parse(R"({"model":"m","input":"hi"})");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].reason, RejectReason::kNoContent);
}

TEST(EventJson, BadTimestampRejectsTheEvent) {
  ParsedBody p = Parse(R"({"output":"a","timestamp":"yesterday"})");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].message,
            "field 'timestamp': expected an RFC 3339 time such as "
            "2026-11-27T10:00:00Z");
}

TEST(EventJson, MalformedDocumentsAreDocumentErrorsWithOffsets) {
  ParsedBody cut = Parse(R"([{"output":"a"},)");
  ASSERT_TRUE(cut.document_error);
  EXPECT_TRUE(cut.events.empty());
  ParsedBody trailing = Parse(R"({"output":"a"} {"output":"b"})");
  ASSERT_TRUE(trailing.document_error);
  EXPECT_EQ(trailing.document_error->offset, 15u);
  ParsedBody scalar = Parse("42");
  ASSERT_TRUE(scalar.document_error);
  EXPECT_EQ(scalar.document_error->message,
            "expected a JSON object or an array of objects");
  ParsedBody empty = Parse("");
  ASSERT_TRUE(empty.document_error);
  EXPECT_EQ(empty.document_error->message, "empty body");
  EXPECT_TRUE(Parse(" \n").document_error);
  // Stage-1 failures (an unclosed string) have no iterator location.
  ParsedBody unclosed = Parse(R"({"output":"abc)");
  ASSERT_TRUE(unclosed.document_error);
  EXPECT_EQ(unclosed.document_error->offset, 14u);
  // Broken JSON inside an unknown field is still broken JSON.
  ParsedBody hidden = Parse(R"({"output":"a","extra":[1,tru]})");
  ASSERT_TRUE(hidden.document_error);
  EXPECT_EQ(hidden.document_error->offset, 28u);
}

// On-Demand skips what it is not asked for without matching brackets; a
// skipped container with a stray '}' used to let the parser misread the rest
// of the body (found by the fuzzer: 2 events accepted from broken JSON).
TEST(EventJson, ValuesOfTheWrongTypeAreWalkedNotSkipped) {
  ParsedBody part =
      Parse(R"([{"output":"a"},{"messages":[{"role":"user","content":)"
            R"(["text","text":"x"}]}],"latency_ms":1}])");
  ASSERT_TRUE(part.document_error);
  EXPECT_TRUE(part.events.empty());
  EXPECT_EQ(part.document_error->message,
            "malformed JSON at byte 68: syntax error while parsing array - "
            "unexpected ':'; expected ']'");
  for (const char* body : {
           R"([[1}, {"output":"b"}])",                   // item not object
           R"([{"output":{"a":[1}},"latency_ms":1}])",   // wrong type
           R"([{"turn":[1},"output":"a"}])",             // not a number
           R"([{"messages":{"x":[}},"output":"a"}])",    // not an array
           R"([{"output":"a","attributes":{"k":01}}])",  // bad number atom
           R"([{"output":"a","latency_ms":-}])",         // bad number
           R"([{"output":"a","usage":[1}}])",            // not an object
       }) {
    SCOPED_TRACE(body);
    EXPECT_TRUE(Parse(body).document_error);
  }
  // NDJSON: the line is malformed, the other lines stand.
  ParsedBody nd = Parse("{\"output\":\"a\"}\n{\"output\":[1},\"x\":2}\n",
                        BodyFormat::kNdjson);
  ASSERT_EQ(nd.events.size(), 1u);
  ASSERT_EQ(nd.errors.size(), 1u);
  EXPECT_EQ(nd.errors[0].reason, RejectReason::kInvalidJson);
}

TEST(EventJson, WellFormedValuesOfOtherKindsAreNotCalledMalformed) {
  // Non-object tool calls and content parts are valid JSON: skipped as data.
  ParsedBody p =
      Parse(R"({"output":"x","openai_response":{"choices":[{"message":)"
            R"({"tool_calls":[1,{"id":"c1"}],"content":)"
            R"([{"type":"image","image_url":{"url":"u"}},"raw",)"
            R"({"type":"text","text":"hi","extra":[1,{}]}]}}]}})");
  ASSERT_FALSE(p.document_error) << p.document_error->message;
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].tool_calls, 1);
  // Numbers of the wrong shape are the field's fault, not the document's.
  ParsedBody turn = Parse(R"({"output":"a","turn":1.5})");
  ASSERT_EQ(turn.errors.size(), 1u);
  EXPECT_EQ(turn.errors[0].message,
            "field 'turn': expected a non-negative integer");
  ParsedBody big = Parse(R"({"output":"a","turn":99999999999999999999})");
  ASSERT_EQ(big.errors.size(), 1u);
  ParsedBody overflow = Parse(R"({"output":"a","latency_ms":1e400})");
  ASSERT_TRUE(overflow.document_error);
  EXPECT_EQ(overflow.document_error->message,
            "malformed JSON at byte 31: number overflow parsing '1e400'");
}

TEST(EventJson, InvalidUtf8RejectsOnlyItsEventAndNamesTheField) {
  std::string body = R"([{"output":"ok"},{"model":"m","output":"bad )" +
                     std::string("\xE2\x82") + R"( end"},{"output":"fine"}])";
  ParsedBody p = Parse(body);
  ASSERT_FALSE(p.document_error);
  ASSERT_EQ(p.events.size(), 2u);
  EXPECT_EQ(p.events[1].output, "fine");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].index, 1u);
  EXPECT_EQ(p.errors[0].reason, RejectReason::kInvalidUtf8);
  EXPECT_EQ(p.errors[0].message, "invalid UTF-8 in field 'output' at byte " +
                                     std::to_string(body.find('\xE2')));
}

TEST(EventJson, NdjsonLinesAreItems) {
  ParsedBody p =
      Parse("{\"output\":\"a\"}\r\n\n{\"output\":\n{\"output\":\"c\"}",
            BodyFormat::kNdjson);
  EXPECT_EQ(p.items, 3u);
  ASSERT_EQ(p.events.size(), 2u);
  EXPECT_EQ(p.events[1].output, "c");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].index, 1u);
  EXPECT_EQ(p.errors[0].reason, RejectReason::kInvalidJson);
}

TEST(EventJson, ParserIsReusableAcrossBodies) {
  EventParser parser;
  for (int i = 0; i < 100; ++i) {
    std::string body = "{\"output\":\"" + std::string(i * 10, 'x') + "\"}";
    ParsedBody p = parser.Parse(body, BodyFormat::kJson);
    ASSERT_EQ(p.events.size(), 1u);
    EXPECT_EQ(p.events[0].output->size(), static_cast<size_t>(i * 10));
  }
}

TEST(Rfc3339, ParsesOffsetsAndFractions) {
  using namespace std::chrono;
  auto base = sys_days(year{2026} / 11 / 27) + hours(10);
  EXPECT_EQ(ParseRfc3339("2026-11-27T11:00:00+01:00"), base);
  EXPECT_EQ(ParseRfc3339("2026-11-27T10:00:00.25Z"), base + milliseconds(250));
  EXPECT_FALSE(ParseRfc3339("2026-02-30T10:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-11-27 10:00"));
  // Beyond what 64-bit nanoseconds hold: refused, not wrapped (UBSan).
  EXPECT_FALSE(ParseRfc3339("2999-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("1600-01-01T00:00:00Z"));
  EXPECT_TRUE(ParseRfc3339("2261-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseRfc3339("2026-11-27T10:00:00"));
}

}  // namespace
}  // namespace micrometrics::metrics

namespace micrometrics::metrics {
namespace {

TEST(EventJson, CountsItemsWithoutParsingThem) {
  EventParser parser;
  auto count = [&](std::string body, BodyFormat format) {
    return parser.CountItems(body, format);
  };
  EXPECT_EQ(count(R"([{"output":"a"}, {"nested":[1,{"x":[]}]}, 3])",
                  BodyFormat::kJson),
            3u);
  EXPECT_EQ(count("  []", BodyFormat::kJson), 0u);
  EXPECT_EQ(count(R"({"output":"a"})", BodyFormat::kJson), 1u);
  EXPECT_EQ(count("{\"a\":1}\n\n  \r\n{oops\n{}", BodyFormat::kNdjson), 3u);
  EXPECT_EQ(count("", BodyFormat::kNdjson), 0u);
  // Not countable: Parse says what is wrong.
  EXPECT_EQ(count(R"([{"output":"a"},)", BodyFormat::kJson), std::nullopt);
  EXPECT_EQ(count("", BodyFormat::kJson), std::nullopt);
  EXPECT_EQ(count("42", BodyFormat::kJson), std::nullopt);
}

}  // namespace
}  // namespace micrometrics::metrics
