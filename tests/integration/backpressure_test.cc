// Backpressure and shutdown of the real binary: a tiny queue in front of
// deliberately slow workers (many regex metrics over large outputs).
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// 40 regex metrics, each scanning the whole output: a character class with
// no literal prefix keeps RE2 from skipping ahead, so every event costs
// tens of milliseconds on one worker.
std::string SlowConfig(int queue_capacity) {
  std::string yaml =
      "server: {max_body_bytes: 8MiB}\n"
      "pipeline: {workers: 1, queue_capacity: " +
      std::to_string(queue_capacity) + "}\nlabels: [model]\nmetrics:\n";
  for (int i = 0; i < 40; ++i) {
    yaml += "  - {name: scan_" + std::to_string(i) +
            ", type: regex, params: {pattern: '[xz][0-9]q" + std::to_string(i) +
            "'}}\n";
  }
  return yaml;
}

// Built once: the client must outrun the worker, also when the test itself
// runs under a sanitizer.
const std::string& BigEventBody() {
  static const std::string body = [] {
    std::string text;
    text.reserve(1 << 20);
    while (text.size() < (1 << 20)) text += "xaz bxz qxy ";
    return json{{"model", "m"}, {"output", text}}.dump();
  }();
  return body;
}

std::string BigEvent(int i) {
  std::string text;
  text.reserve(1 << 20);
  while (text.size() < (1 << 20)) text += "xaz bxz qxy ";
  return json{{"id", "e" + std::to_string(i)}, {"model", "m"}, {"output", text}}
      .dump();
}

TEST(Backpressure, FullQueueAnswers429WithRetryAfterAndLosesNothing) {
  DaemonProcess daemon(SlowConfig(2));
  int accepted = 0;
  int refused = 0;
  HttpReply last_429;
  for (int i = 0; i < 12; ++i) {
    HttpReply r = PostJson(daemon.port(), "/v1/events", BigEventBody());
    if (r.status == 202) {
      ++accepted;
    } else {
      ASSERT_EQ(r.status, 429) << r.body;
      ++refused;
      last_429 = r;
    }
  }
  ASSERT_GT(refused, 0) << "the queue never filled; workers too fast?";
  EXPECT_EQ(last_429.headers["retry-after"], "1");
  json body = json::parse(last_429.body);
  EXPECT_EQ(body["error"], "queue full");
  EXPECT_EQ(body["detail"]["queue_capacity"], 2);
  // Not ready while the queue is above its high-water mark (or drained by
  // now, in which case ready again): never an error other than 503.
  int ready = HttpCall(daemon.port(), "GET", "/readyz").status;
  EXPECT_TRUE(ready == 200 || ready == 503);
  // Liveness stays up under overload: the I/O threads never wait on workers.
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/healthz").status, 200);

  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total",
                                   accepted, 60s));
  std::string text = daemon.Scrape();
  EXPECT_EQ(FindSample(text,
                       "micrometrics_events_rejected_total{reason="
                       "\"queue_full\"}"),
            refused);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_checks_total{metric=\"scan_0\","
                       "model=\"m\",outcome=\"pass\"}"),
            accepted);
  // Recovered by itself once the load is gone.
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/readyz").status, 200);
  EXPECT_EQ(PostJson(daemon.port(), "/v1/events", BigEvent(100)).status, 202);
}

TEST(Shutdown, SigtermWhileTheQueueIsFullDrainsEveryAcceptedEvent) {
  DaemonProcess daemon(SlowConfig(8));
  int accepted = 0;
  bool saw_full = false;
  // The worker holds up to a batch (16) besides the 8 queued.
  for (int i = 0; i < 60 && !saw_full; ++i) {
    HttpReply r = PostJson(daemon.port(), "/v1/events", BigEventBody());
    if (r.status == 202) ++accepted;
    saw_full = r.status == 429;
  }
  ASSERT_TRUE(saw_full) << "the queue never filled";
  daemon.process().Signal(SIGTERM);
  ASSERT_TRUE(daemon.process().WaitForLog("refusing new events", 5s));
  // Draining 8 slow events takes far longer than one request: meanwhile
  // ingest answers 503 and scrapes still work.
  HttpReply during = PostJson(daemon.port(), "/v1/events", BigEvent(99));
  EXPECT_EQ(during.status, 503);
  EXPECT_EQ(json::parse(during.body)["error"], "shutting down");
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/readyz").status, 503);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/metrics").status, 200);
  std::optional<int> code = daemon.process().Wait(60s);
  ASSERT_TRUE(code.has_value()) << "did not exit after draining";
  EXPECT_EQ(*code, 0);
  std::smatch m;
  std::string log = daemon.Log();
  ASSERT_TRUE(std::regex_search(
      log, m, std::regex("drained: events_processed_total=(\\d+)")))
      << log;
  EXPECT_EQ(std::stoi(m[1]), accepted) << log;
}

}  // namespace
}  // namespace micrometrics::testing
