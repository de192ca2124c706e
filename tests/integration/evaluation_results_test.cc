// otlp.evaluation_results: verdicts sent as OpenTelemetry
// gen_ai.evaluation.result log records, decoded on the other side with the
// official OTLP protobuf definitions (tests/otlp/receive_logs.cjs).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// The receiver, on a free port; its records as they arrive.
class Receiver {
 public:
  explicit Receiver(int failures = 0) : dir_(MakeTempDir("otlp-logs")) {
    const std::string root = MICROMETRICS_SOURCE_DIR;
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            "/usr/bin/node", root + "/tests/otlp/receive_logs.cjs",
            root + "/.cache/otlp-proto", std::to_string(failures)},
        dir_ + "/receiver.log");
    if (!process_->WaitForLog("listening ", 20s)) {
      throw std::runtime_error("receiver did not start: " + process_->Log());
    }
    std::smatch m;
    const std::string log = process_->Log();
    std::regex_search(log, m, std::regex("listening (\\d+)"));
    port_ = std::stoi(m[1]);
  }
  int port() const { return port_; }
  std::vector<json> Lines() const {
    std::vector<json> out;
    std::istringstream in(process_->Log());
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("{")) out.push_back(json::parse(line));
    }
    return out;
  }
  std::vector<json> Records() const {
    std::vector<json> out;
    for (auto& l : Lines()) {
      if (l.contains("eventName")) out.push_back(l);
    }
    return out;
  }
  bool WaitForRecords(size_t n) const {
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(50ms)) {
      if (Records().size() >= n) return true;
    }
    return false;
  }

 private:
  std::string dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

std::string Config(int port, const std::string& encoding,
                   const std::string& extra = "") {
  return R"(
labels: [prompt_version]
metrics:
  - {name: cut, type: truncation}
  - {name: slow, type: latency, params: {field: latency_ms, max_ms: 1000}}
otlp:
  evaluation_results:
    endpoint: http://127.0.0.1:)" +
         std::to_string(port) + R"(/v1/logs
    encoding: )" +
         encoding + R"(
    max_delay: 100ms
    sample: {fail: 1, pass: 0}
)" + extra;
}

void Send(DaemonProcess& daemon) {
  json batch = json::array();
  batch.push_back({{"id", "e1"},
                   {"response_id", "chatcmpl-9xk2"},
                   {"output", "a"},
                   {"prompt_version", "v42"},
                   {"finish_reason", "length"},
                   {"latency_ms", 400},
                   {"trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
                   {"span_id", "00f067aa0ba902b7"}});
  batch.push_back({{"id", "e2"},
                   {"output", "b"},
                   {"prompt_version", "v41"},
                   {"finish_reason", "stop"},
                   {"latency_ms", 2500}});
  batch.push_back({{"id", "e3"},
                   {"output", "c"},
                   {"prompt_version", "v41"},
                   {"finish_reason", "stop"},
                   {"latency_ms", 100}});
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch.dump()).status, 202);
}

class EvaluationResultsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(EvaluationResultsTest, FailuresArriveAsGenAiEvaluationResults) {
  Receiver receiver;
  DaemonProcess daemon(Config(receiver.port(), GetParam()));
  Send(daemon);
  // Fails only (passes sampled at 0): e1 cut off, e2 slow.
  ASSERT_TRUE(receiver.WaitForRecords(2)) << daemon.Log();
  std::this_thread::sleep_for(300ms);
  const auto records = receiver.Records();
  ASSERT_EQ(records.size(), 2u);
  for (const json& r : records) {
    EXPECT_EQ(r["encoding"], GetParam());
    EXPECT_EQ(r["path"], "/v1/logs");
    EXPECT_EQ(r["eventName"], "gen_ai.evaluation.result");
    EXPECT_EQ(r["service"], "micrometrics");
    EXPECT_EQ(r["scope"], "micrometrics");
    EXPECT_EQ(r["severityNumber"], 13);  // WARN
    EXPECT_EQ(r["attributes"]["gen_ai.evaluation.score.label"], "fail");
    const std::string id = r["attributes"]["micrometrics.event.id"];
    if (id == "e1") {
      EXPECT_EQ(r["attributes"]["gen_ai.evaluation.name"], "cut");
      EXPECT_EQ(r["attributes"]["gen_ai.evaluation.explanation"],
                "finish_reason length");
      EXPECT_EQ(r["attributes"]["micrometrics.prompt_version"], "v42");
      EXPECT_EQ(r["attributes"]["gen_ai.response.id"], "chatcmpl-9xk2");
      // The trace context of the evaluated call.
      EXPECT_EQ(r["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736");
      EXPECT_EQ(r["spanId"], "00f067aa0ba902b7");
    } else {
      EXPECT_EQ(id, "e2");
      EXPECT_EQ(r["attributes"]["gen_ai.evaluation.name"], "slow");
      EXPECT_EQ(r["attributes"]["gen_ai.evaluation.score.value"], 2500);
      EXPECT_EQ(r["traceId"], "");
      EXPECT_FALSE(r["attributes"].contains("gen_ai.response.id"));
    }
  }
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_evaluation_results_total{result=\"sent\"}", 2));
}

INSTANTIATE_TEST_SUITE_P(Encodings, EvaluationResultsTest,
                         ::testing::Values("protobuf", "json"));

TEST(EvaluationResults, RetriesA503AndSendsHeadersFromAFile) {
  Receiver receiver(/*failures=*/1);
  const std::string dir = MakeTempDir("otlp-headers");
  WriteFile(dir + "/headers",
            "# for the collector\nAuthorization: Bearer t0k\n");
  DaemonProcess daemon(Config(receiver.port(), "protobuf",
                              "    headers_file: " + dir + "/headers\n"));
  Send(daemon);
  ASSERT_TRUE(receiver.WaitForRecords(2)) << daemon.Log();
  const auto lines = receiver.Lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0]["refused"], 1) << "the first attempt was answered 503";
  for (const json& r : receiver.Records()) {
    EXPECT_EQ(r["authorization"], "Bearer t0k");
  }
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_evaluation_results_total{result=\"sent\"}", 2));
}

TEST(EvaluationResults, ADeadEndpointCostsOnlyTheRecordsAndIsCounted) {
  // Nothing listens: the batch is given up after give_up_after, counted,
  // and ingest goes on.
  DaemonProcess daemon(Config(FreePort(), "protobuf",
                              "    give_up_after: 300ms\n"
                              "    timeout: 200ms\n"));
  Send(daemon);
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_evaluation_results_total{result=\"failed\"}", 2, 10000ms))
      << daemon.Log();
  EXPECT_EQ(PostJson(daemon.port(), "/v1/events",
                     R"({"output":"x","finish_reason":"stop"})")
                .status,
            202);
  EXPECT_NE(daemon.Log().find("otlp.evaluation_results: 2 records not "
                              "delivered"),
            std::string::npos);
}

TEST(EvaluationResults, WhatDoesNotFitTheQueueIsDroppedAndCounted) {
  // One record of room, and a sender stuck on a dead endpoint: 10 failing
  // verdicts at once keep one, drop the rest, and ingest never waits.
  DaemonProcess daemon(Config(FreePort(), "protobuf",
                              "    queue_capacity: 1\n"
                              "    give_up_after: 500ms\n"
                              "    timeout: 200ms\n"));
  json batch = json::array();
  for (int i = 0; i < 10; ++i) {
    batch.push_back({{"output", "x"}, {"finish_reason", "length"}});
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 10));
  double dropped = 0, failed = 0;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(50ms)) {
    dropped =
        daemon
            .Sample("micrometrics_evaluation_results_total{result=\"dropped\"}")
            .value_or(0);
    failed =
        daemon
            .Sample("micrometrics_evaluation_results_total{result=\"failed\"}")
            .value_or(0);
    if (dropped + failed == 10) break;
  }
  EXPECT_EQ(dropped + failed, 10);
  EXPECT_GE(dropped, 8);
  EXPECT_EQ(daemon.Sample("micrometrics_evaluation_results_queued"), 0);
}

}  // namespace
}  // namespace micrometrics::testing
