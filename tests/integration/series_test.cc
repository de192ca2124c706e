// The series the real binary exports against the one header that names
// them (metrics/series_names.h), which the dashboard and rules exporters
// query and docs/API.md describes.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "metrics/series_names.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

// Every kind of owner has something to say: a value counter, an alert rule
// on a metric and one on feedback, a notifier, a second listener, a state
// file.
const char* kConfig = R"(
labels: [model]
alerting: {state_file: /dev/null/alerts.state, evaluation_interval: 50ms}
metrics:
  - {name: empty, type: empty_output}
  - name: cost
    type: cost
    params: {prices: {default: {input: 1.0, output: 3.0}}}
otlp: {evaluation_results: {endpoint: "http://127.0.0.1:9/v1/logs"}}
notifiers:
  - {name: am, type: alertmanager, url: "http://127.0.0.1:9/"}
alerts:
  - {name: Empty, metric: empty, condition: "fail_rate > 0.5", window: 1m,
     notify: [am]}
  - {name: Down, metric: "feedback:thumbs_down",
     condition: "fail_rate > 0.5", window: 1m}
  - {name: NewModel, metric: empty, condition: "fail_rate > 2 * baseline",
     baseline: {label: model}, window: 1m}
  - {name: Costly, metric: cost, condition: "value_p95 > 0.5", window: 1m}
)";

// name -> type, from the # TYPE lines of an exposition.
std::map<std::string, std::string> Families(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("# TYPE ")) continue;
    std::istringstream fields(line.substr(7));
    std::string name, type;
    fields >> name >> type;
    out[name] = type;
  }
  return out;
}

TEST(Series, EveryExportedFamilyIsNamedInTheHeaderWithItsTypeAndDocumented) {
  DaemonProcess daemon(kConfig);
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events",
                     R"({"id":"e1","model":"m","output":"",)"
                     R"("usage":{"input_tokens":10,"output_tokens":5}})")
                .status,
            202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 1));
  ASSERT_EQ(PostJson(daemon.port(), "/v1/feedback",
                     R"([{"kind":"thumbs_down","event_id":"e1"},)"
                     R"({"kind":"thumbs_up","event_id":"unknown"}])")
                .status,
            200);
  // The first-seen series follow the alert evaluation.
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text = daemon.Scrape();
    if (text.find(series::kAlertLabelFirstSeen.str() + "{") !=
        std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto exported = Families(text);

  std::map<std::string, std::string> named;
  for (const series::Name* n : series::kAll) {
    named[n->str()] = std::string(n->type);
  }
  named[series::kCostUsd.str()] = std::string(series::kCostUsd.type);
  for (const auto& [name, type] : exported) {
    ASSERT_TRUE(named.contains(name))
        << name << " is exported but not named in metrics/series_names.h";
    EXPECT_EQ(type, named[name]) << name;
  }
  for (const auto& [name, type] : named) {
    // micrometrics_alerts has a series only while an alert is pending or
    // firing (like Prometheus's ALERTS).
    if (name == series::kAlerts.name) continue;
    EXPECT_TRUE(exported.contains(name))
        << name << " is named in the header but not exported";
  }

  std::ifstream api(std::string(MICROMETRICS_SOURCE_DIR) + "/docs/API.md");
  std::stringstream docs;
  docs << api.rdbuf();
  for (const auto& [name, type] : named) {
    EXPECT_NE(docs.str().find(name), std::string::npos)
        << name << " is not described in docs/API.md";
  }
}

TEST(Series, ANewLabelSetReadsZeroFirstAndVerdictValuesAreAHistogram) {
  // Prometheus's increase() counts nothing before a series' first sample:
  // new label sets read 0 for new_series_zero_for, then their counts.
  DaemonProcess daemon(R"(
server: {new_series_zero_for: 3s}
labels: [prompt_version]
metrics:
  - {name: cut, type: truncation}
  - name: ttft
    type: latency
    params: {field: ttft_ms, max_ms: 800}
    value_buckets: [100, 800]
)");
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events",
                     R"([{"output":"a","prompt_version":"v1","ttft_ms":50,)"
                     R"("finish_reason":"length"},)"
                     R"({"output":"b","prompt_version":"v1","ttft_ms":500,)"
                     R"("finish_reason":"stop"},)"
                     R"({"output":"c","prompt_version":"v1","ttft_ms":900,)"
                     R"("finish_reason":"stop"}])")
                .status,
            202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 3));
  const auto start = std::chrono::steady_clock::now();
  const std::string fail =
      R"(micrometrics_checks_total{metric="cut",outcome="fail",prompt_version="v1"})";
  const std::string le800 =
      R"(micrometrics_check_value_bucket{metric="ttft",prompt_version="v1",le="800"})";
  const std::string text = daemon.Scrape();
  if (std::chrono::steady_clock::now() - start < std::chrono::seconds(2)) {
    EXPECT_EQ(FindSample(text, fail), 0) << text;
    EXPECT_EQ(FindSample(text, le800), 0) << text;
  }
  ASSERT_TRUE(daemon.WaitForSample(fail, 1, std::chrono::seconds(10)));
  const std::string later = daemon.Scrape();
  EXPECT_EQ(
      FindSample(
          later,
          R"(micrometrics_checks_total{metric="cut",outcome="pass",prompt_version="v1"})"),
      2);
  EXPECT_EQ(
      FindSample(
          later,
          R"(micrometrics_check_value_bucket{metric="ttft",prompt_version="v1",le="100"})"),
      1);
  EXPECT_EQ(FindSample(later, le800), 2);
  EXPECT_EQ(
      FindSample(
          later,
          R"(micrometrics_check_value_bucket{metric="ttft",prompt_version="v1",le="+Inf"})"),
      3);
  EXPECT_EQ(
      FindSample(
          later,
          R"(micrometrics_check_value_sum{metric="ttft",prompt_version="v1"})"),
      1450);
  EXPECT_EQ(
      FindSample(
          later,
          R"(micrometrics_check_value_count{metric="ttft",prompt_version="v1"})"),
      3);
  // Only metrics with buckets have a histogram.
  EXPECT_EQ(
      later.find(
          R"(micrometrics_check_value_count{metric="cut",prompt_version="v1"})"),
      std::string::npos);
}

}  // namespace
}  // namespace micrometrics::testing
