// The API object with a real queue and real series, without sockets: the
// statuses that need a full queue or a shutdown, made deterministic.
#include "daemon/server/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "metrics/labels.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  explicit ApiTest(const std::string& yaml = R"(
pipeline: {queue_capacity: 3, queue_high_water: 0.6}
labels: [model]
metrics: [{name: empty, type: empty_output}]
)")
      : config_(MakeConfig(yaml)),
        labels_(config_.labels, config_.label_max_values),
        series_(config_, labels_),
        queue_(config_.pipeline.queue_capacity,
               config_.pipeline.queue_max_bytes),
        api_(config_, queue_, series_, exposition_, state_) {
    state_.workers_running = true;
    exposition_.Register(series_);
    exposition_.Register(queue_);
    exposition_.Register(api_);
  }

  static config::Config MakeConfig(const std::string& yaml) {
    metrics::EvaluatorRegistry registry;
    metrics::RegisterBuiltinEvaluators(registry);
    return config::ParseConfig(yaml, "test.yaml", registry);
  }

  HttpResponse Post(const std::string& body,
                    const std::string& type = "application/json") {
    HttpRequest req{http::verb::post, "/v1/events", 11};
    req.set(http::field::content_type, type);
    req.body() = body;
    req.prepare_payload();
    return api_.Handle(std::move(req));
  }
  HttpResponse Get(const std::string& target) {
    return api_.Handle(HttpRequest{http::verb::get, target, 11});
  }
  double Sample(const std::string& series) {
    std::string text = Serialize(exposition_);
    size_t pos = text.find("\n" + series + " ");
    if (pos == std::string::npos) return -1;
    return std::stod(text.substr(pos + series.size() + 2));
  }

  config::Config config_;
  metrics::LabelSchema labels_;
  Series series_;
  EventQueue queue_;
  Exposition exposition_;
  DaemonState state_;
  Api api_;
};

TEST_F(ApiTest, AcceptedEventsAreQueued) {
  HttpResponse res = Post(R"([{"output":"a"},{"output":"b"}])");
  EXPECT_EQ(res.result_int(), 202);
  EXPECT_EQ(res.body(), R"({"accepted":2,"rejected":0,"errors":[]})");
  EXPECT_EQ(queue_.size(), 2u);
  EXPECT_EQ(Sample("micrometrics_events_received_total"), 2);
}

TEST_F(ApiTest, FullQueueIs429WithRetryAfterAndCountsEveryRefusedEvent) {
  ASSERT_EQ(Post(R"([{"output":"a"},{"output":"b"}])").result_int(), 202);
  HttpResponse res = Post(R"([{"output":"c"},{"output":"d"}])");
  EXPECT_EQ(res.result_int(), 429);
  EXPECT_EQ(res[http::field::retry_after], "1");
  json body = json::parse(res.body());
  EXPECT_EQ(body["error"], "queue full");
  EXPECT_EQ(body["detail"]["queue_depth"], 2);
  EXPECT_EQ(Sample("micrometrics_events_rejected_total{reason=\"queue_full\"}"),
            2);
  EXPECT_EQ(queue_.size(), 2u) << "nothing of the refused batch was queued";
}

TEST_F(ApiTest, WithTheQueueFullBodiesAreCountedNotParsedAndRefused) {
  ASSERT_EQ(
      Post(R"([{"output":"a"},{"output":"b"},{"output":"c"}])").result_int(),
      202);
  ASSERT_EQ(queue_.size(), 3u);
  // Every item of a refused body counts as queue_full, a bad one included:
  // it was never looked at.
  HttpResponse res = Post("{\"output\":\"d\"}\n\n{\"output\": 1}\n{\"x\n",
                          "application/x-ndjson");
  EXPECT_EQ(res.result_int(), 429);
  EXPECT_EQ(res[http::field::retry_after], "1");
  EXPECT_EQ(Sample("micrometrics_events_rejected_total{reason=\"queue_full\"}"),
            3);
  EXPECT_EQ(Post(R"([{"output":"e"}, {"output":"f"}])").result_int(), 429);
  EXPECT_EQ(Sample("micrometrics_events_rejected_total{reason=\"queue_full\"}"),
            5);
  EXPECT_EQ(Sample("micrometrics_events_received_total"), 8);
  // What cannot be counted is parsed, and answered as always.
  res = Post(R"([{"output":"g"},)");
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(json::parse(res.body())["error"].get<std::string>().substr(0, 14),
            "malformed JSON");
  // A batch that could never fit is 413, not a 429 to retry forever.
  EXPECT_EQ(
      Post(R"([{"output":"1"},{"output":"2"},{"output":"3"},{"output":"4"}])")
          .result_int(),
      413);
  EXPECT_EQ(queue_.size(), 3u);
}

TEST_F(ApiTest, ReadinessFollowsTheHighWaterMark) {
  EXPECT_EQ(Get("/readyz").result_int(), 200);
  ASSERT_EQ(Post(R"([{"output":"a"},{"output":"b"}])").result_int(), 202);
  HttpResponse res = Get("/readyz");
  EXPECT_EQ(res.result_int(), 503);
  EXPECT_EQ(json::parse(res.body())["detail"]["reason"],
            "queue above its high-water mark");
  EXPECT_EQ(Get("/healthz").result_int(), 200) << "alive though not ready";
}

TEST_F(ApiTest, ShuttingDownIs503ForIngestAndReadiness) {
  state_.shutting_down = true;
  HttpResponse res = Post(R"({"output":"a"})");
  EXPECT_EQ(res.result_int(), 503);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(Get("/readyz").result_int(), 503);
  EXPECT_EQ(Sample("micrometrics_http_requests_total{code=\"503\",handler="
                   "\"events\"}"),
            1);
}

TEST_F(ApiTest, ClosedQueueIs503EvenIfTheFlagWasMissed) {
  queue_.Close();
  EXPECT_EQ(Post(R"([{"output":"a"},{"output":"b"}])").result_int(), 503);
  EXPECT_EQ(
      Sample("micrometrics_events_rejected_total{reason=\"shutting_down\"}"),
      2);
  EXPECT_EQ(Sample("micrometrics_events_received_total"), 2);
}

TEST_F(ApiTest, WorkersNotRunningMeansNotReady) {
  state_.workers_running = false;
  EXPECT_EQ(json::parse(Get("/readyz").body())["detail"]["reason"],
            "workers not running");
}

TEST_F(ApiTest, QueryStringsDoNotChangeTheRoute) {
  EXPECT_EQ(Get("/metrics?x=1").result_int(), 200);
  EXPECT_EQ(Get("/healthz?probe=k8s").result_int(), 200);
}

TEST_F(ApiTest, RequestsAreCountedByHandlerAndCode) {
  Get("/healthz");
  Get("/nowhere");
  Post("x", "text/plain");
  EXPECT_EQ(
      Sample(
          "micrometrics_http_requests_total{code=\"200\",handler=\"healthz\"}"),
      1);
  EXPECT_EQ(
      Sample(
          "micrometrics_http_requests_total{code=\"404\",handler=\"other\"}"),
      1);
  EXPECT_EQ(
      Sample(
          "micrometrics_http_requests_total{code=\"415\",handler=\"events\"}"),
      1);
}

}  // namespace
}  // namespace micrometrics::daemon

namespace micrometrics::daemon {
namespace {

TEST(AlertTemplates, ExpandLabelsAndValueAsPrometheusDoes) {
  metrics::AlertLabels labels = {{"prompt_version", "support-v42"},
                                 {"route", "billing"}};
  EXPECT_EQ(ExpandTemplate("{{ $labels.prompt_version }} on {{$labels.route}}: "
                           "{{ $value }} ({{ $labels.missing }})",
                           labels, 0.1234567),
            "support-v42 on billing: 0.1235 ()");
  EXPECT_EQ(ExpandTemplate("no templates", labels, 1), "no templates");
}

}  // namespace
}  // namespace micrometrics::daemon
