// Events that carry OpenAI Chat Completions payloads as sent and received
// (tests/testdata/openai/*.json).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "metrics/ingest/event_json.h"
#include "tests/support/test_params.h"

namespace micrometrics::metrics {
namespace {

Event Fixture(const std::string& name) {
  std::ifstream in(std::string(MICROMETRICS_SOURCE_DIR) +
                   "/tests/testdata/openai/" + name + ".json");
  std::stringstream text;
  text << in.rdbuf();
  std::string body = text.str();
  EXPECT_FALSE(body.empty()) << name;
  EventParser parser;
  ParsedBody parsed = parser.Parse(body, BodyFormat::kJson);
  EXPECT_FALSE(parsed.document_error) << name;
  EXPECT_TRUE(parsed.errors.empty())
      << name << ": "
      << (parsed.errors.empty() ? "" : parsed.errors[0].message);
  return parsed.events.empty() ? Event{} : parsed.events[0];
}

TEST(OpenAiPayload, PlainTextReply) {
  Event e = Fixture("plain");
  EXPECT_EQ(e.id, "chatcmpl-9xYz");
  EXPECT_EQ(e.response_id, "chatcmpl-9xYz");
  EXPECT_EQ(e.model, "gpt-4o-mini-2024-07-18") << "the model that answered";
  EXPECT_EQ(e.prompt_version, "support-v42");
  EXPECT_EQ(e.input, "Wie kündige ich mein Abo?");
  ASSERT_EQ(e.messages.size(), 2u);
  EXPECT_EQ(e.output, "Sie können Ihr Abo in den Kontoeinstellungen kündigen.");
  EXPECT_EQ(e.usage.input_tokens, 31);
  EXPECT_EQ(e.usage.output_tokens, 14);
  EXPECT_EQ(e.finish_reason, "stop");
}

TEST(OpenAiPayload, ContentArraysJoinTheirTextParts) {
  Event e = Fixture("content_array");
  EXPECT_EQ(e.input, "What is in this picture?");
  EXPECT_EQ(e.output, "A cat\non a sofa.");
}

TEST(OpenAiPayload, AToolCallIsNotAnEmptyReply) {
  Event e = Fixture("tool_call");
  EXPECT_EQ(e.tool_calls, 1);
  EXPECT_FALSE(e.output.has_value());
  EXPECT_EQ(e.finish_reason, "tool_calls");
  Verdict v = MakeEvaluator("empty_output")->Evaluate(e);
  EXPECT_EQ(v.outcome, Outcome::kPass);
  EXPECT_EQ(v.reason, "tool call");
}

TEST(OpenAiPayload, StreamedChunksAssembleIntoTheReply) {
  Event e = Fixture("streamed");
  EXPECT_EQ(e.output, "Hallo, wie geht's?");
  EXPECT_EQ(e.finish_reason, "stop");
  EXPECT_EQ(e.usage.output_tokens, 5);
  EXPECT_EQ(e.id, "chatcmpl-s1");
}

TEST(OpenAiPayload, StructuredRefusalIsTheReply) {
  Event e = Fixture("refusal");
  EXPECT_EQ(e.output, "I'm sorry, but I can't help with that.");
  EXPECT_EQ(MakeEvaluator("refusal")->Evaluate(e).outcome, Outcome::kFail);
}

TEST(OpenAiPayload, LengthFinishIsATruncation) {
  Event e = Fixture("length");
  EXPECT_EQ(MakeEvaluator("truncation")->Evaluate(e).outcome, Outcome::kFail);
}

TEST(OpenAiPayload, ErrorResponseIsAFailedCall) {
  Event e = Fixture("error");
  EXPECT_EQ(e.status, "error");
  EXPECT_EQ(e.error_type, "tokens");
  EXPECT_EQ(MakeEvaluator("error_status")->Evaluate(e).reason,
            "call failed: tokens");
}

TEST(OpenAiPayload, ExplicitFieldsWinOverThePayload) {
  std::string body = R"({"model": "mine", "output": "explicit",
    "openai_response": {"model": "theirs", "choices": [{"message": {"content": "derived"}}]}})";
  EventParser parser;
  ParsedBody p = parser.Parse(body, BodyFormat::kJson);
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].model, "mine");
  EXPECT_EQ(p.events[0].output, "explicit");
}

TEST(OpenAiPayload, WrongShapesAreItemErrors) {
  std::string body = R"([{"openai_response": "text"},
    {"openai_request": {"messages": "hi"}, "output": "x"}])";
  EventParser parser;
  ParsedBody p = parser.Parse(body, BodyFormat::kJson);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].message,
            "field 'openai_response': expected an object, or an array of "
            "stream chunks");
  EXPECT_EQ(p.errors[1].message,
            "field 'openai_request.messages': expected an array of messages");
}

}  // namespace
}  // namespace micrometrics::metrics
