// OTLP/HTTP traces through the real binary: the real OpenTelemetry JS SDK
// sends GenAI spans (protobuf and JSON exporters); the test reads the
// resulting series. Malformed bodies get 400 and a counter; gzip works.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;

const char* kConfig = R"(
labels: [model, prompt_version, route]
otlp: {attributes: {service.name: route, app.prompt_version: prompt_version}}
metrics:
  - {name: truncated, type: truncation}
  - {name: failed, type: error_status}
)";

CommandResult SendSpans(int port, const std::string& format) {
  const std::string root = MICROMETRICS_SOURCE_DIR;
  return RunCommand({"node", root + "/tests/otlp/send_genai_spans.cjs",
                     std::to_string(port), format, root + "/.cache/otel-js"});
}

std::string Checks(const std::string& metric, const std::string& model,
                   const std::string& outcome) {
  return "micrometrics_checks_total{metric=\"" + metric + "\",model=\"" +
         model + "\",outcome=\"" + outcome +
         "\",prompt_version=\"support-v42\",route=\"billing\"}";
}

class OtlpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(OtlpTest, GenAiSpansFromTheJsSdkBecomeEvents) {
  DaemonProcess daemon(kConfig);
  CommandResult sent = SendSpans(daemon.port(), GetParam());
  ASSERT_EQ(sent.exit_code, 0) << sent.output;
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 3))
      << daemon.Log();
  std::string text = daemon.Scrape();
  // Resource attributes mapped by config: service.name -> route,
  // app.prompt_version -> prompt_version; the response model wins.
  EXPECT_EQ(
      FindSample(text, Checks("truncated", "gpt-4o-mini-2024-07-18", "fail")),
      1);
  EXPECT_EQ(
      FindSample(text, Checks("truncated", "gpt-4o-mini-2024-07-18", "pass")),
      1);
  EXPECT_EQ(FindSample(text, Checks("failed", "gpt-4o-mini", "fail")), 1);
  EXPECT_EQ(FindSample(text, "micrometrics_otlp_spans_total{result=\"event\"}"),
            3);
  EXPECT_EQ(
      FindSample(text, "micrometrics_otlp_spans_total{result=\"ignored\"}"), 1);
  // Span duration 1.5 s -> the GenAI duration histogram; usage -> tokens.
  EXPECT_EQ(FindSample(text,
                       "gen_ai_client_operation_duration_seconds_sum{model="
                       "\"gpt-4o-mini-2024-07-18\",prompt_version="
                       "\"support-v42\",route=\"billing\"}"),
            3);
  EXPECT_EQ(FindSample(text,
                       "gen_ai_client_token_usage_sum{gen_ai_token_type="
                       "\"input\",model=\"gpt-4o-mini-2024-07-18\","
                       "prompt_version=\"support-v42\",route=\"billing\"}"),
            1624);

  // The span's trace context comes along: the truncated call is the
  // exemplar of the truncation failures (OpenMetrics), whichever encoding
  // the exporter used (OTLP/JSON carries hex ids, protobuf raw bytes).
  std::smatch ids;
  ASSERT_TRUE(std::regex_search(
      sent.output, ids,
      std::regex("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16})")))
      << sent.output;
  const std::string om =
      HttpCall(daemon.port(), "GET", "/metrics", {}, {},
               {{"Accept", "application/openmetrics-text; version=1.0.0"}})
          .body;
  EXPECT_NE(om.find(Checks("truncated", "gpt-4o-mini-2024-07-18", "fail") +
                    " 1 # {trace_id=\"" + ids[1].str() + "\",span_id=\"" +
                    ids[2].str() + "\"} 1 "),
            std::string::npos)
      << om;
}

INSTANTIATE_TEST_SUITE_P(Exporters, OtlpTest,
                         ::testing::Values("proto", "json"));

TEST(Otlp, MalformedBodiesAre400AndCounted) {
  DaemonProcess daemon(kConfig);
  HttpReply bad_proto =
      HttpCall(daemon.port(), "POST", "/v1/traces",
               std::string("\x0a\xff\xff\xff", 4), "application/x-protobuf");
  EXPECT_EQ(bad_proto.status, 400);
  EXPECT_EQ(json::parse(bad_proto.body)["error"],
            "malformed OTLP protobuf (ExportTraceServiceRequest)");
  HttpReply bad_json =
      PostJson(daemon.port(), "/v1/traces", "{\"resourceSpans\": 5}");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(
      HttpCall(daemon.port(), "POST", "/v1/traces", "x", "text/plain").status,
      415);
  EXPECT_EQ(
      daemon.Sample(
          "micrometrics_events_rejected_total{reason=\"malformed_body\"}"),
      2);
}

TEST(Otlp, GzipJsonWithARejectedSpanAnswersPartialSuccess) {
  DaemonProcess daemon(kConfig);
  // One GenAI span without times, usage or output: rejected; one fine.
  const std::string request = R"({"resourceSpans": [{
    "resource": {"attributes": [
      {"key": "service.name", "value": {"stringValue": "billing"}}]},
    "scopeSpans": [{"spans": [
      {"name": "chat", "attributes": [
        {"key": "gen_ai.request.model", "value": {"stringValue": "m"}}]},
      {"name": "chat",
       "startTimeUnixNano": "1795772000000000000",
       "endTimeUnixNano": "1795772001000000000",
       "attributes": [
        {"key": "gen_ai.request.model", "value": {"stringValue": "m"}},
        {"key": "gen_ai.response.finish_reasons",
         "value": {"arrayValue": {"values": [{"stringValue": "length"}]}}}]}
    ]}]}]})";
  std::string dir = MakeTempDir("otlp");
  WriteFile(dir + "/body.json", request);
  ASSERT_EQ(RunCommand({"gzip", dir + "/body.json"}).exit_code, 0);
  std::string gz = RunCommand({"cat", dir + "/body.json.gz"}).output;
  HttpReply r = HttpCall(daemon.port(), "POST", "/v1/traces", gz,
                         "application/json", {{"Content-Encoding", "gzip"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["partialSuccess"]["rejectedSpans"], "1");
  EXPECT_EQ(body["partialSuccess"]["errorMessage"],
            "span 'chat' has no times, usage, output or error status");
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 1));
  EXPECT_EQ(daemon.Sample("micrometrics_checks_total{metric=\"truncated\","
                          "model=\"m\",outcome=\"fail\",prompt_version=\"\","
                          "route=\"billing\"}"),
            1);
  HttpReply not_gzip =
      HttpCall(daemon.port(), "POST", "/v1/traces", "{}", "application/json",
               {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(not_gzip.status, 400);
}

}  // namespace
}  // namespace micrometrics::testing
