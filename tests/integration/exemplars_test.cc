// Exemplars: /metrics in OpenMetrics when asked, with the trace of the
// latest failing event on the fail counters and of the latest traced call
// on the GenAI latency histograms; stored and served by a real Prometheus
// (--enable-feature=exemplar-storage).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr char kTrace[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kSpan[] = "00f067aa0ba902b7";
const std::pair<std::string, std::string> kOpenMetrics = {
    "Accept",
    "application/openmetrics-text;version=1.0.0,text/"
    "plain;version=0.0.4;q=0.5"};

const char* kConfig = R"(
labels: [prompt_version]
metrics:
  - {name: cut, type: truncation}
)";

void SendTraced(DaemonProcess& daemon) {
  json batch = json::array();
  // A failure with a trace (trace_id and span_id), one with a W3C
  // traceparent, a pass, and a failure without a trace.
  batch.push_back({{"output", "a"},
                   {"prompt_version", "v42"},
                   {"finish_reason", "length"},
                   {"latency_ms", 1800},
                   {"trace_id", kTrace},
                   {"span_id", kSpan}});
  batch.push_back({{"output", "b"},
                   {"prompt_version", "v41"},
                   {"finish_reason", "length"},
                   {"traceparent",
                    "00-0af7651916cd43dd8448eb211c80319c-"
                    "b7ad6b7169203331-01"}});
  batch.push_back(
      {{"output", "c"}, {"prompt_version", "v42"}, {"finish_reason", "stop"}});
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 3));
}

TEST(Exemplars, OpenMetricsWhenAskedWithTheTraceOfTheLatestFailure) {
  DaemonProcess daemon(kConfig);
  SendTraced(daemon);
  HttpReply om =
      HttpCall(daemon.port(), "GET", "/metrics", {}, {}, {kOpenMetrics});
  ASSERT_EQ(om.status, 200);
  EXPECT_EQ(om.headers["content-type"],
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
  const std::string& text = om.body;
  EXPECT_TRUE(text.ends_with("# EOF\n"));
  // Counter families are named without _total, their samples with it.
  EXPECT_NE(text.find("# TYPE micrometrics_checks counter\n"),
            std::string::npos);
  EXPECT_EQ(text.find("# TYPE micrometrics_checks_total"), std::string::npos);
  EXPECT_NE(text.find("# TYPE micrometrics_events_rejected counter\n"),
            std::string::npos)
      << "prometheus-cpp's families too";
  EXPECT_NE(text.find("micrometrics_checks_total{metric=\"cut\",outcome="
                      "\"fail\",prompt_version=\"v42\"} 1 # {trace_id=\"" +
                      std::string(kTrace) + "\",span_id=\"" + kSpan + "\"} 1 "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("outcome=\"fail\",prompt_version=\"v41\"} 1 # "
                      "{trace_id=\"0af7651916cd43dd8448eb211c80319c\","
                      "span_id=\"b7ad6b7169203331\"} 1 "),
            std::string::npos)
      << text;
  // Passes carry none; the 1.8 s call is the exemplar of the 2.56 s bucket.
  EXPECT_NE(text.find("outcome=\"pass\",prompt_version=\"v42\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("gen_ai_client_operation_duration_seconds_bucket{"
                      "prompt_version=\"v42\",le=\"2.56\"} 1 # {trace_id=\"" +
                      std::string(kTrace) + "\""),
            std::string::npos)
      << text;

  // The Prometheus text format is unchanged: no exemplars, no # EOF.
  HttpReply plain = HttpCall(daemon.port(), "GET", "/metrics");
  EXPECT_EQ(plain.headers["content-type"],
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(plain.body.find(" # {"), std::string::npos);
  EXPECT_EQ(plain.body.find("# EOF"), std::string::npos);
  EXPECT_NE(plain.body.find("# TYPE micrometrics_checks_total counter"),
            std::string::npos);

  // A trace id that is not one is refused with the reason.
  HttpReply bad = PostJson(daemon.port(), "/v1/events",
                           R"({"output":"x","trace_id":"xyz"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("field 'trace_id': expected 32 hex digits, not all "
                          "zero"),
            std::string::npos)
      << bad.body;
}

TEST(Exemplars, PrometheusStoresThemAndAnswersQueryExemplars) {
  DaemonProcess daemon(kConfig);
  PrometheusProcess prometheus(
      "global: {scrape_interval: 1s}\n"
      "scrape_configs:\n"
      "  - job_name: micrometrics\n"
      "    static_configs: [{targets: ['127.0.0.1:" +
          std::to_string(daemon.port()) + "']}]\n",
      {"--enable-feature=exemplar-storage"});
  const int prom_port = prometheus.port();
  SendTraced(daemon);

  auto exemplars = [&](const std::string& query) {
    const std::string target =
        "/api/v1/query_exemplars?query=" + query +
        "&start=" + std::to_string(std::time(nullptr) - 600) +
        "&end=" + std::to_string(std::time(nullptr) + 600);
    HttpReply r = HttpCall(prom_port, "GET", target);
    return r.status == 200 ? json::parse(r.body)["data"] : json::array();
  };
  json found;
  for (auto deadline = std::chrono::steady_clock::now() + 30s;
       std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(250ms)) {
    found = exemplars(
        "micrometrics_checks_total%7Boutcome%3D%22fail%22%2Cprompt_version"
        "%3D%22v42%22%7D");
    if (!found.empty()) break;
  }
  ASSERT_EQ(found.size(), 1u) << found.dump() << prometheus.Log();
  ASSERT_FALSE(found[0]["exemplars"].empty());
  EXPECT_EQ(found[0]["exemplars"][0]["labels"]["trace_id"], kTrace);
  EXPECT_EQ(found[0]["exemplars"][0]["labels"]["span_id"], kSpan);
  EXPECT_EQ(found[0]["seriesLabels"]["metric"], "cut");

  json latency = exemplars("gen_ai_client_operation_duration_seconds_bucket");
  ASSERT_EQ(latency.size(), 1u) << latency.dump();
  EXPECT_EQ(latency[0]["seriesLabels"]["le"], "2.56");
  EXPECT_EQ(latency[0]["exemplars"][0]["labels"]["trace_id"], kTrace);
  EXPECT_EQ(latency[0]["exemplars"][0]["value"], "1.8");
  // The whole exposition parsed as OpenMetrics: everything is there.
  HttpReply up = HttpCall(prom_port, "GET", "/api/v1/query?query=up");
  EXPECT_EQ(json::parse(up.body)["data"]["result"][0]["value"][1], "1");
}

}  // namespace
}  // namespace micrometrics::testing
