// The real micrometricsd binary, spoken to over HTTP on 127.0.0.1.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "daemon/otlp/otlp.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

const char* kConfig = R"(
pipeline: {workers: 2, queue_capacity: 1000}
labels: [model, prompt_version, turn]
label_limits: {max_values: 3}
metrics:
  - name: has_email
    type: regex
    owner: privacy-team
    params: {pattern: '[a-z0-9.+-]+@[a-z0-9-]+\.[a-z.]+'}
  - name: slow
    type: latency
    params: {max_ms: 1000}
  - name: billing_only
    type: empty_output
    when: {route: [billing]}
)";

std::string Event(const std::string& output, const std::string& model = "m1",
                  const std::string& prompt_version = "v1") {
  return json{
      {"output", output}, {"model", model}, {"prompt_version", prompt_version}}
      .dump();
}

std::string Checks(const std::string& metric, const std::string& outcome,
                   const std::string& model = "m1",
                   const std::string& prompt_version = "v1",
                   const std::string& turn = "") {
  return "micrometrics_checks_total{metric=\"" + metric + "\",model=\"" +
         model + "\",outcome=\"" + outcome + "\",prompt_version=\"" +
         prompt_version + "\",turn=\"" + turn + "\"}";
}

class DaemonTest : public ::testing::Test {
 protected:
  DaemonProcess daemon_{kConfig};
  int port() { return daemon_.port(); }
};

TEST_F(DaemonTest, AcceptsOneObjectAnArrayAndNdjson) {
  HttpReply one = PostJson(port(), "/v1/events", Event("mail me at a@b.io"));
  EXPECT_EQ(one.status, 202);
  EXPECT_EQ(json::parse(one.body),
            json::parse(R"({"accepted":1,"rejected":0,"errors":[]})"));

  HttpReply array = PostJson(
      port(), "/v1/events",
      "[" + Event("fine") + "," + Event("x@y.org") + "," + Event("ok") + "]");
  EXPECT_EQ(array.status, 202);
  EXPECT_EQ(json::parse(array.body)["accepted"], 3);

  HttpReply ndjson = HttpCall(port(), "POST", "/v1/events",
                              Event("one") + "\n\n" + Event("two") + "\n",
                              "application/x-ndjson");
  EXPECT_EQ(ndjson.status, 202);
  EXPECT_EQ(json::parse(ndjson.body)["accepted"], 2);

  ASSERT_TRUE(daemon_.WaitForSample("micrometrics_events_processed_total", 6));
  std::string text = daemon_.Scrape();
  EXPECT_EQ(FindSample(text, Checks("has_email", "fail")), 2);
  EXPECT_EQ(FindSample(text, Checks("has_email", "pass")), 4);
  EXPECT_EQ(FindSample(text, Checks("slow", "skipped")), 6);
  EXPECT_EQ(FindSample(text, "micrometrics_events_received_total"), 6);
  // `when: {route: [billing]}` selects none of these events.
  EXPECT_EQ(text.find("metric=\"billing_only\",model"), std::string::npos);
}

TEST_F(DaemonTest, RejectsBadItemsOfABatchByIndexAndAcceptsTheRest) {
  std::string body = "[" + Event("good") + R"(,{"output":"x","turn":"five"},)" +
                     Event("good too") +
                     R"(,{"model":"m1"},42,{"output":"x","latency_ms":-1}])";
  HttpReply reply = PostJson(port(), "/v1/events", body);
  ASSERT_EQ(reply.status, 202) << reply.body;
  json expected = json::parse(R"({
    "accepted": 2, "rejected": 4,
    "errors": [
      {"index": 1, "reason": "invalid_field",
       "error": "field 'turn': expected a non-negative integer"},
      {"index": 3, "reason": "no_content",
       "error": "event has no output, usage, latency_ms, ttft_ms or status \"error\": nothing to evaluate"},
      {"index": 4, "reason": "invalid_field", "error": "item is not a JSON object"},
      {"index": 5, "reason": "invalid_field",
       "error": "field 'latency_ms': expected a non-negative number of milliseconds"}
    ]})");
  EXPECT_EQ(json::parse(reply.body), expected);
  ASSERT_TRUE(daemon_.WaitForSample("micrometrics_events_processed_total", 2));
  std::string text = daemon_.Scrape();
  EXPECT_EQ(FindSample(text, "micrometrics_events_received_total"), 6);
  EXPECT_EQ(
      FindSample(
          text, "micrometrics_events_rejected_total{reason=\"invalid_field\"}"),
      3);
  EXPECT_EQ(
      FindSample(text,
                 "micrometrics_events_rejected_total{reason=\"no_content\"}"),
      1);
}

TEST_F(DaemonTest, AllItemsBadIs400WithTheSameErrorList) {
  HttpReply reply = PostJson(port(), "/v1/events", R"({"output": 5})");
  EXPECT_EQ(reply.status, 400);
  json body = json::parse(reply.body);
  EXPECT_EQ(body["error"], "no valid events");
  EXPECT_EQ(body["errors"][0]["error"], "field 'output': expected a string");
}

TEST_F(DaemonTest, MalformedJsonIs400WithTheByteOffset) {
  // Cut off: the error is at the end of the body, byte 32.
  const std::string cut = R"([{"output":"a"}, {"output": "b" )";
  ASSERT_EQ(cut.size(), 32u);
  HttpReply reply = PostJson(port(), "/v1/events", cut);
  EXPECT_EQ(reply.status, 400);
  json body = json::parse(reply.body);
  EXPECT_EQ(body["detail"]["offset"], 32);
  EXPECT_EQ(body["error"],
            "malformed JSON at byte 32: syntax error while parsing object - "
            "unexpected end of input; expected '}'");
  // A bad literal: the offset points at the first character that cannot
  // continue it ("nul}": the brace).
  HttpReply literal =
      PostJson(port(), "/v1/events", R"({"output":"a","x":nul})");
  EXPECT_EQ(literal.status, 400);
  EXPECT_EQ(json::parse(literal.body)["detail"]["offset"], 21);
  HttpReply empty = PostJson(port(), "/v1/events", "");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(json::parse(empty.body)["error"], "empty body");
  // Nothing of a malformed body is accepted.
  EXPECT_EQ(daemon_.Sample("micrometrics_events_received_total"), 0);
  EXPECT_EQ(
      daemon_.Sample(
          "micrometrics_events_rejected_total{reason=\"malformed_body\"}"),
      3);
}

TEST_F(DaemonTest, InvalidUtf8RejectsOnlyTheEventHoldingIt) {
  std::string body = "[" + Event("fine") + R"(,{"output":"caf)" +
                     std::string("\xC3\x28") + R"(","model":"m1"}])";
  HttpReply reply = PostJson(port(), "/v1/events", body);
  ASSERT_EQ(reply.status, 202) << reply.body;
  json r = json::parse(reply.body);
  EXPECT_EQ(r["accepted"], 1);
  ASSERT_EQ(r["errors"].size(), 1u);
  EXPECT_EQ(r["errors"][0]["index"], 1);
  EXPECT_EQ(r["errors"][0]["reason"], "invalid_utf8");
  EXPECT_EQ(r["errors"][0]["error"],
            "invalid UTF-8 in field 'output' at byte " +
                std::to_string(body.find('\xC3')));
  EXPECT_TRUE(daemon_.WaitForSample(
      "micrometrics_events_rejected_total{reason=\"invalid_utf8\"}", 1));
}

TEST_F(DaemonTest, NdjsonLineWithBrokenJsonIsRejectedAlone) {
  HttpReply reply = HttpCall(port(), "POST", "/v1/events",
                             Event("a") + "\n{\"output\": }\n" + Event("b"),
                             "application/x-ndjson");
  ASSERT_EQ(reply.status, 202);
  json r = json::parse(reply.body);
  EXPECT_EQ(r["accepted"], 2);
  EXPECT_EQ(r["errors"][0]["index"], 1);
  EXPECT_EQ(r["errors"][0]["reason"], "invalid_json");
}

TEST_F(DaemonTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  HttpReply missing = HttpCall(port(), "GET", "/v2/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["error"], "not found");

  HttpReply wrong = HttpCall(port(), "GET", "/v1/events");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers["allow"], "POST");
  EXPECT_EQ(json::parse(wrong.body)["error"], "method not allowed");

  HttpReply del = HttpCall(port(), "DELETE", "/metrics");
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(del.headers["allow"], "GET, HEAD");
  // HEAD on a POST route is a wrong method too.
  EXPECT_EQ(HttpCall(port(), "HEAD", "/v1/events").status, 405);
}

TEST_F(DaemonTest, HeadIsGetWithoutTheBody) {
  for (const char* path : {"/healthz", "/", "/status.css"}) {
    HttpReply get = HttpCall(port(), "GET", path);
    HttpReply head = HttpCall(port(), "HEAD", path);
    EXPECT_EQ(head.status, 200) << path;
    EXPECT_EQ(head.body, "") << path;
    EXPECT_EQ(head.headers["content-type"], get.headers["content-type"])
        << path;
    // The status page changes by the second; the others byte for byte.
    if (std::string(path) != "/") {
      EXPECT_EQ(head.headers["content-length"], std::to_string(get.body.size()))
          << path;
    } else {
      EXPECT_GT(std::stoul(head.headers["content-length"]), 1000u);
    }
  }
  // The scrape endpoint too.
  EXPECT_EQ(HttpCall(port(), "HEAD", "/metrics").status, 200);
}

TEST_F(DaemonTest, UnsupportedContentTypeIs415) {
  HttpReply reply = HttpCall(port(), "POST", "/v1/events", Event("x"),
                             "application/x-www-form-urlencoded");
  EXPECT_EQ(reply.status, 415);
  json body = json::parse(reply.body);
  EXPECT_EQ(body["error"], "unsupported content type");
  EXPECT_EQ(body["detail"]["content_type"],
            "application/x-www-form-urlencoded");
  // Parameters such as charset are fine.
  EXPECT_EQ(HttpCall(port(), "POST", "/v1/events", Event("x"),
                     "application/json; charset=utf-8")
                .status,
            202);
}

TEST_F(DaemonTest, CountsAndLabelsAfterNEvents) {
  std::string batch = "[";
  for (int i = 0; i < 10; ++i) {
    if (i) batch += ",";
    json e = {{"output", i < 3 ? "write to ops@example.com" : "no address"},
              {"model", "gpt-4o-mini"},
              {"prompt_version", "support-v42"},
              {"turn", 4},
              {"latency_ms", i < 5 ? 1500 : 200},
              {"ttft_ms", 120},
              {"usage", {{"input_tokens", 812}, {"output_tokens", 96}}}};
    batch += e.dump();
  }
  batch += "]";
  ASSERT_EQ(PostJson(port(), "/v1/events", batch).status, 202);
  ASSERT_TRUE(daemon_.WaitForSample("micrometrics_events_processed_total", 10));
  std::string text = daemon_.Scrape();
  EXPECT_EQ(FindSample(text, Checks("has_email", "fail", "gpt-4o-mini",
                                    "support-v42", "3-5")),
            3);
  EXPECT_EQ(FindSample(text, Checks("has_email", "pass", "gpt-4o-mini",
                                    "support-v42", "3-5")),
            7);
  EXPECT_EQ(FindSample(text, Checks("slow", "fail", "gpt-4o-mini",
                                    "support-v42", "3-5")),
            5);
  const std::string labels =
      "model=\"gpt-4o-mini\",prompt_version=\"support-v42\",turn=\"3-5\"";
  EXPECT_EQ(FindSample(text, "gen_ai_client_operation_duration_seconds_count{" +
                                 labels + "}"),
            10);
  EXPECT_EQ(
      FindSample(text, "gen_ai_client_operation_duration_seconds_bucket{" +
                           labels + ",le=\"0.32\"}"),
      5);
  // A sum of ten 0.12 s: exact to the last bit only by luck.
  EXPECT_DOUBLE_EQ(
      FindSample(text,
                 "gen_ai_client_operation_time_to_first_chunk_seconds_sum{" +
                     labels + "}")
          .value_or(0),
      1.2);
  EXPECT_EQ(FindSample(text,
                       "gen_ai_client_token_usage_sum{gen_ai_token_type="
                       "\"input\"," +
                           labels + "}"),
            8120);
  EXPECT_EQ(FindSample(text,
                       "gen_ai_client_token_usage_bucket{gen_ai_token_type="
                       "\"output\"," +
                           labels + ",le=\"64\"}"),
            0);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_metric_info{metric=\"has_email\",owner="
                       "\"privacy-team\",stage=\"active\",type=\"regex\"}"),
            1);
}

TEST_F(DaemonTest, LabelValuesPastTheLimitCountUnderOther) {
  // max_values is 3: three models keep their names, the rest is __other__.
  std::string batch = "[";
  for (const char* model : {"a", "b", "c", "d", "e", "a"}) {
    if (batch.size() > 1) batch += ",";
    batch += Event("text", model);
  }
  batch += "]";
  ASSERT_EQ(PostJson(port(), "/v1/events", batch).status, 202);
  ASSERT_TRUE(daemon_.WaitForSample("micrometrics_events_processed_total", 6));
  std::string text = daemon_.Scrape();
  // Two workers may admit the models in any order, but exactly three names
  // survive and every other event counts under __other__.
  int named_values = 0;
  double named_events = 0;
  for (const char* model : {"a", "b", "c", "d", "e"}) {
    if (auto n = FindSample(text, Checks("has_email", "pass", model))) {
      ++named_values;
      named_events += *n;
    }
  }
  EXPECT_EQ(named_values, 3) << text;
  auto other = FindSample(text, Checks("has_email", "pass", "__other__"));
  ASSERT_TRUE(other) << text;
  EXPECT_GE(*other, 2);
  EXPECT_EQ(named_events + *other, 6);
  EXPECT_EQ(
      FindSample(text, "micrometrics_label_overflow_total{label=\"model\"}"),
      *other);
}

TEST_F(DaemonTest, MetricsAreGzippedForScrapersThatAskAsPrometheusDoes) {
  ASSERT_EQ(PostJson(port(), "/v1/events",
                     "[" + Event("a@b.io") + "," + Event("fine") + "]")
                .status,
            202);
  ASSERT_TRUE(daemon_.WaitForSample("micrometrics_events_processed_total", 2));
  HttpReply zipped = HttpCall(port(), "GET", "/metrics", {}, {},
                              {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.headers["content-encoding"], "gzip");
  EXPECT_EQ(zipped.headers["vary"], "Accept, Accept-Encoding");
  const std::string text =
      micrometrics::daemon::Gunzip(zipped.body, 1 << 30).value_or("not gzip");
  EXPECT_EQ(FindSample(text, Checks("has_email", "fail")), 1);
  EXPECT_EQ(FindSample(text, Checks("has_email", "pass")), 1);
  EXPECT_LT(zipped.body.size(), text.size() / 3);

  HttpReply plain = HttpCall(port(), "GET", "/metrics", {}, {},
                             {{"Accept-Encoding", "gzip;q=0, identity"}});
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_EQ(FindSample(plain.body, Checks("has_email", "fail")), 1);
}

TEST(DaemonLimits, LabelSetsPastMaxSetsCountUnderOneOtherSet) {
  DaemonProcess daemon(R"(
labels: [model, prompt_version]
label_limits: {max_sets: 2}
metrics:
  - {name: has_email, type: regex, params: {pattern: '@'}}
)");
  std::string batch = "[";
  for (const char* model : {"a", "b", "c", "d", "a", "c"}) {
    if (batch.size() > 1) batch += ",";
    batch += json{
        {"output", "x@y.z"},
        {"model", model},
        {"prompt_version", "v1"},
        {"latency_ms",
         300}}.dump();
  }
  batch += "]";
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 6));
  const std::string text = daemon.Scrape();
  auto checks = [&](const std::string& model, const std::string& pv) {
    return FindSample(text,
                      "micrometrics_checks_total{metric=\"has_email\","
                      "model=\"" +
                          model +
                          "\",outcome=\"fail\","
                          "prompt_version=\"" +
                          pv + "\"}");
  };
  // The first two sets keep their names (workers may see any two first);
  // every event of another set counts under __other__, nothing is lost.
  int named = 0;
  double named_events = 0;
  for (const char* model : {"a", "b", "c", "d"}) {
    if (auto n = checks(model, "v1")) {
      ++named;
      named_events += *n;
    }
  }
  EXPECT_EQ(named, 2) << text;
  auto other = checks("__other__", "__other__");
  ASSERT_TRUE(other) << text;
  EXPECT_EQ(named_events + *other, 6);
  EXPECT_EQ(FindSample(text, "micrometrics_label_set_overflow_total"), *other);
  EXPECT_EQ(FindSample(text, "micrometrics_label_sets"), 3);
  EXPECT_EQ(FindSample(text,
                       "gen_ai_client_operation_duration_seconds_count{"
                       "model=\"__other__\",prompt_version=\"__other__\"}"),
            *other);
}

TEST_F(DaemonTest, HealthAndReadiness) {
  HttpReply health = HttpCall(port(), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body)["status"], "ok");
  HttpReply ready = HttpCall(port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(json::parse(ready.body)["status"], "ready");
}

TEST_F(DaemonTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  auto replies =
      HttpCallsOnOneConnection(port(), {"/healthz", "/readyz", "/metrics"});
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].status, 200);
  EXPECT_EQ(replies[1].status, 200);
  EXPECT_EQ(replies[2].status, 200);
  EXPECT_EQ(replies[2].headers["content-type"],
            "text/plain; version=0.0.4; charset=utf-8");
}

TEST_F(DaemonTest, PromtoolCheckMetricsPasses) {
  ASSERT_EQ(PostJson(port(), "/v1/events",
                     "[" + Event("a@b.io") + "," + Event("x") + "]")
                .status,
            202);
  ASSERT_TRUE(daemon_.WaitForSample("micrometrics_events_processed_total", 2));
  std::string text = daemon_.Scrape();
  CommandResult result = RunCommand({"promtool", "check", "metrics"}, text);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  // The standard process series are there, with plausible values.
  EXPECT_GT(FindSample(text, "process_resident_memory_bytes").value_or(0), 1e6);
  EXPECT_GT(FindSample(text, "process_open_fds").value_or(0), 3);
  EXPECT_GT(FindSample(text, "process_start_time_seconds").value_or(0), 1.7e9);
}

TEST(DaemonLimits, BodyOverTheLimitIs413) {
  DaemonProcess daemon(R"(
server: {max_body_bytes: 1KiB}
metrics: [{name: e, type: empty_output}]
)");
  std::string big = Event(std::string(2000, 'x'));
  HttpReply reply = PostJson(daemon.port(), "/v1/events", big);
  EXPECT_EQ(reply.status, 413);
  json body = json::parse(reply.body);
  EXPECT_EQ(body["error"], "request body too large");
  EXPECT_EQ(body["detail"]["max_body_bytes"], 1024);
  EXPECT_EQ(PostJson(daemon.port(), "/v1/events", Event("small")).status, 202);
}

TEST(DaemonLimits, CurlStyleExpectContinueAndChunkedBodiesWork) {
  DaemonProcess daemon(R"(
server: {max_body_bytes: 16KiB}
metrics: [{name: e, type: empty_output}]
)");
  std::string dir = MakeTempDir("curl");
  WriteFile(dir + "/ok.json", Event(std::string(4000, 'x')));
  WriteFile(dir + "/big.json", Event(std::string(40000, 'x')));
  const std::string url =
      "http://127.0.0.1:" + std::to_string(daemon.port()) + "/v1/events";
  auto curl = [&](const std::string& file, const std::string& extra) {
    return RunCommand({"bash", "-c",
                       "curl -s -o /dev/null -w '%{http_code}' "
                       "--expect100-timeout 5 -H 'Content-Type: "
                       "application/json' " +
                           extra + " --data-binary @" + file + " " + url});
  };
  // curl sends "Expect: 100-continue" for bodies over 1 KiB and waits.
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(curl(dir + "/ok.json", "").output, "202");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s)
      << "100 Continue was not sent; curl waited for its timeout";
  // Over the limit: refused from the header, before the body is sent.
  EXPECT_EQ(curl(dir + "/big.json", "").output, "413");
  // Chunked bodies have no Content-Length; the limit still holds.
  EXPECT_EQ(curl(dir + "/ok.json", "-H 'Transfer-Encoding: chunked'").output,
            "202");
  EXPECT_EQ(curl(dir + "/big.json", "-H 'Transfer-Encoding: chunked'").output,
            "413");
  EXPECT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 2));
}

TEST(DaemonLimits, BatchLargerThanTheQueueIs413) {
  DaemonProcess daemon(R"(
pipeline: {queue_capacity: 2}
metrics: [{name: e, type: empty_output}]
)");
  HttpReply reply =
      PostJson(daemon.port(), "/v1/events",
               "[" + Event("a") + "," + Event("b") + "," + Event("c") + "]");
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(json::parse(reply.body)["detail"]["queue_capacity"], 2);
}

TEST(DaemonLimits, IngestTokenIsRequiredWhenConfigured) {
  std::string dir = MakeTempDir("auth");
  WriteFile(dir + "/token", "s3cret\n");
  DaemonProcess daemon("server: {auth: {ingest_token_file: " + dir +
                       "/token}}\nmetrics: [{name: e, type: empty_output}]\n");
  HttpReply none = PostJson(daemon.port(), "/v1/events", Event("a"));
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers["www-authenticate"], "Bearer");
  HttpReply wrong =
      HttpCall(daemon.port(), "POST", "/v1/events", Event("a"),
               "application/json", {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(wrong.status, 401);
  HttpReply right =
      HttpCall(daemon.port(), "POST", "/v1/events", Event("a"),
               "application/json", {{"Authorization", "Bearer s3cret"}});
  EXPECT_EQ(right.status, 202);
  // Scrapes and probes stay open.
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/metrics").status, 200);
}

TEST(DaemonLimits, MetricsListenerServesOnlyMetricsAndHealth) {
  int metrics_port = FreePort();
  DaemonProcess daemon(
      "server: {metrics_listen: 127.0.0.1:" + std::to_string(metrics_port) +
      "}\nmetrics: [{name: e, type: empty_output}]\n");
  EXPECT_EQ(HttpCall(metrics_port, "GET", "/metrics").status, 200);
  EXPECT_EQ(HttpCall(metrics_port, "GET", "/healthz").status, 200);
  EXPECT_EQ(PostJson(metrics_port, "/v1/events", Event("a")).status, 404);
}

TEST(DaemonLimits, SlowClientIsCutOffAtTheReadTimeout) {
  DaemonProcess daemon(R"(
server: {read_timeout: 300ms}
metrics: [{name: e, type: empty_output}]
)");
  // A raw socket that sends half a request and then nothing.
  auto start = std::chrono::steady_clock::now();
  CommandResult r = RunCommand(
      {"bash", "-c",
       "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(daemon.port()) +
           "; printf 'POST /v1/events HTTP/1.1\\r\\nHost: x\\r\\n' >&3; "
           "timeout 5 cat <&3; echo closed"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_NE(r.output.find("closed"), std::string::npos);
  EXPECT_LT(took, 4s) << "the daemon kept a stalled connection open";
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/healthz").status, 200);
  // An idle keep-alive connection is cut off too; both are counted.
  RunCommand({"bash", "-c",
              "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(daemon.port()) +
                  "; timeout 5 cat <&3"});
  std::string text = daemon.Scrape();
  EXPECT_EQ(FindSample(text,
                       "micrometrics_http_connections_closed_total{listener="
                       "\"main\",reason=\"read_timeout\"}"),
            1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_http_connections_closed_total{listener="
                       "\"main\",reason=\"idle_timeout\"}"),
            1);
}

TEST(DaemonLimits, ConnectionsOverTheLimitAreClosedAndCounted) {
  DaemonProcess daemon(R"(
server: {max_connections: 2, read_timeout: 5s}
metrics: [{name: e, type: empty_output}]
)");
  const std::string port = std::to_string(daemon.port());
  // Two connections in the middle of a request hold both slots; a third is
  // closed at once, and the daemon serves again as soon as one of them goes.
  const std::string partial =
      "printf 'POST /v1/events HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: "
      "100\\r\\n\\r\\n{' >&";
  CommandResult r =
      RunCommand({"bash", "-c",
                  "exec 3<>/dev/tcp/127.0.0.1/" + port + "; " + partial +
                      "3; exec 4<>/dev/tcp/127.0.0.1/" + port + "; " + partial +
                      "4; sleep 0.3; exec 5<>/dev/tcp/127.0.0.1/" + port +
                      "; timeout 2 cat <&5; echo \"third done: $?\"; "
                      "exec 3>&-; exec 4>&-; sleep 0.2"});
  EXPECT_NE(r.output.find("third done: 0"), std::string::npos)
      << "closed without an answer: " << r.output;
  // The daemon serves again once it has seen the two go; on a loaded
  // machine that can take a moment, and a connection that comes earlier is
  // turned away (and counted) like the third.
  int turned_away = 0;
  int status = 0;
  for (auto deadline = std::chrono::steady_clock::now() + 5s;
       status != 200 && std::chrono::steady_clock::now() < deadline;) {
    try {
      status = HttpCall(daemon.port(), "GET", "/healthz").status;
    } catch (const std::exception&) {
      ++turned_away;
      std::this_thread::sleep_for(50ms);
    }
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(daemon.Sample("micrometrics_http_connections_closed_total{"
                          "listener=\"main\",reason=\"limit\"}"),
            1 + turned_away);
}

TEST(DaemonLimits,
     BodiesThatWouldExceedTheMemoryBudgetGet429BeforeTheyAreRead) {
  // 16 MiB: 8 MiB for request data. Two 4 MiB bodies on their way hold it
  // all; the next request is refused from its header alone.
  DaemonProcess daemon(R"(
server: {memory_budget: 16MiB, max_body_bytes: 4MiB, read_timeout: 5s}
metrics: [{name: e, type: empty_output}]
)");
  const std::string port = std::to_string(daemon.port());
  const std::string partial =
      "printf 'POST /v1/events HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: "
      "4194304\\r\\n\\r\\n[' >&";
  ChildProcess holders({"/bin/bash", "-c",
                        "exec 3<>/dev/tcp/127.0.0.1/" + port + "; " + partial +
                            "3; exec 4<>/dev/tcp/127.0.0.1/" + port + "; " +
                            partial + "4; echo holding; sleep 1.5"},
                       MakeTempDir("budget") + "/holders.log");
  ASSERT_TRUE(holders.WaitForLog("holding", 5s));
  std::this_thread::sleep_for(200ms);
  HttpReply refused =
      PostJson(daemon.port(), "/v1/events", R"({"output":"x"})");
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(refused.headers["retry-after"], "1");
  const json body = json::parse(refused.body);
  EXPECT_EQ(body["error"], "memory budget exhausted");
  EXPECT_EQ(body["detail"]["budget_bytes"], 8 * 1024 * 1024);
  EXPECT_EQ(body["detail"]["budget_bytes_in_use"], 8 * 1024 * 1024);
  EXPECT_EQ(daemon.Sample("micrometrics_http_connections_closed_total{"
                          "listener=\"main\",reason=\"memory_budget\"}"),
            1);
  // Probes and scrapes carry no body: unaffected.
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/healthz").status, 200);
  // The holders go; their reservations with them.
  holders.Wait(10s);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(PostJson(daemon.port(), "/v1/events", R"({"output":"x"})").status,
            202);
}

TEST(DaemonLimits, AtTheLimitTheConnectionIdleLongestMakesRoom) {
  DaemonProcess daemon(R"(
server: {max_connections: 2, read_timeout: 5s}
metrics: [{name: e, type: empty_output}]
)");
  const std::string port = std::to_string(daemon.port());
  // Two connections that never send anything hold both slots: a request on
  // a third is answered, and the first of the two is closed for it.
  CommandResult r = RunCommand(
      {"bash", "-c",
       "exec 3<>/dev/tcp/127.0.0.1/" + port +
           "; sleep 0.1; exec "
           "4<>/dev/tcp/127.0.0.1/" +
           port +
           "; sleep 0.2; exec 5<>/dev/tcp/"
           "127.0.0.1/" +
           port +
           "; printf 'GET /healthz HTTP/1.1\\r\\nHost: "
           "x\\r\\nConnection: close\\r\\n\\r\\n' >&5; timeout 2 cat <&5; "
           "timeout 1 cat <&3; echo \"first closed: $?\"; exec 4>&-"});
  EXPECT_NE(r.output.find("HTTP/1.1 200 OK"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("first closed: 0"), std::string::npos) << r.output;
  EXPECT_EQ(daemon.Sample("micrometrics_http_connections_closed_total{"
                          "listener=\"main\",reason=\"shed\"}"),
            1);
  EXPECT_EQ(daemon.Sample("micrometrics_http_connections_closed_total{"
                          "listener=\"main\",reason=\"limit\"}"),
            0);
}

}  // namespace
}  // namespace micrometrics::testing
