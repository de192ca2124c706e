#include "config/changes.h"

#include <gtest/gtest.h>

namespace micrometrics::config {
namespace {

using Names = std::vector<std::string>;

class ChangesTest : public ::testing::Test {
 protected:
  ChangesTest() { metrics::RegisterBuiltinEvaluators(registry_); }
  Config Parse(const std::string& yaml) {
    return ParseConfig(yaml, "test.yaml", registry_);
  }
  metrics::EvaluatorRegistry registry_;
};

TEST_F(ChangesTest, MetricsAreComparedByDefinitionNotByMetadataOrFormatting) {
  Config a = Parse(R"(
metrics:
  - {name: a, type: regex, params: {pattern: x}, owner: me}
  - {name: b, type: regex, params: {pattern: x}}
  - {name: c, type: empty_output}
  - {name: d, type: length, params: {max: 10}, sample: 0.5}
)");
  Config b = Parse(R"(
metrics:
  - name: d          # reformatted, same definition
    type: length
    sample: 0.5
    params:
      max: 10
  - {name: a, type: regex, params: {pattern: x}, owner: you, stage: shadow,
     review_by: 2027-01-01, description: new words}
  - {name: b, type: regex, params: {pattern: y}}
  - {name: e, type: empty_output}
)");
  ConfigChanges c = CompareConfigs(a, b);
  EXPECT_EQ(c.metrics_unchanged, (Names{"d", "a"}));
  EXPECT_EQ(c.metrics_changed, (Names{"b"}));
  EXPECT_EQ(c.metrics_added, (Names{"e"}));
  EXPECT_EQ(c.metrics_removed, (Names{"c"}));
  EXPECT_TRUE(c.restart_required.empty());

  Config sampled = Parse(R"(
metrics: [{name: d, type: length, params: {max: 10}, sample: 0.4}]
)");
  EXPECT_EQ(CompareConfigs(a, sampled).metrics_changed, (Names{"d"}));
  Config filtered = Parse(R"(
metrics: [{name: c, type: empty_output, when: {route: chat}}]
)");
  EXPECT_EQ(CompareConfigs(a, filtered).metrics_changed, (Names{"c"}));
}

TEST_F(ChangesTest, AlertsAndNotifiersByName) {
  Config a = Parse(R"(
metrics: [{name: m, type: empty_output}]
notifiers: [{name: am, type: alertmanager, url: "http://127.0.0.1:9093"},
            {name: hook, type: webhook, url: "http://127.0.0.1:1/x"}]
alerts:
  - {name: Same, metric: m, condition: "fail_rate > 0.1"}
  - {name: Edited, metric: m, condition: "fail_rate > 0.1"}
  - {name: Gone, metric: m, condition: "fail_rate > 0.1"}
)");
  Config b = Parse(R"(
metrics: [{name: m, type: empty_output}]
notifiers: [{name: am, type: alertmanager, url: "http://127.0.0.1:9093"},
            {name: hook, type: webhook, url: "http://127.0.0.1:2/x"}]
alerts:
  - {name: Same, metric: m, condition: "fail_rate > 0.1"}
  - {name: Edited, metric: m, condition: "fail_rate > 0.2"}
  - {name: New, metric: m, condition: "fail_rate > 0.1"}
)");
  ConfigChanges c = CompareConfigs(a, b);
  EXPECT_EQ(c.alerts_added, (Names{"New"}));
  EXPECT_EQ(c.alerts_removed, (Names{"Gone"}));
  EXPECT_EQ(c.alerts_changed, (Names{"Edited"}));
  EXPECT_EQ(c.notifiers_changed, (Names{"hook"}));
}

TEST_F(ChangesTest, StartupSettingsAreNamedAndKeptFromTheRunningConfig) {
  Config a = Parse(R"(
server: {listen: "127.0.0.1:9650", threads: 2}
pipeline: {workers: 2}
labels: [model]
metrics: []
)");
  Config b = Parse(R"(
server: {listen: "0.0.0.0:9650", threads: 4}
pipeline: {workers: 2, queue_capacity: 10}
labels: [model, route]
alerting: {evaluation_interval: 5s}
metrics: []
)");
  ConfigChanges c = CompareConfigs(a, b);
  EXPECT_EQ(
      c.restart_required,
      (Names{"server.listen: 127.0.0.1:9650 -> 0.0.0.0:9650",
             "server.threads: 2 -> 4", "pipeline.queue_capacity: 65536 -> 10",
             "labels: [model] -> [model, route]"}));
  Config applied = WithStartupSettingsOf(a, b);
  EXPECT_EQ(applied.server.listen.host, "127.0.0.1");
  EXPECT_EQ(applied.server.threads, 2);
  EXPECT_EQ(applied.pipeline.queue_capacity, 65536u);
  EXPECT_EQ(applied.labels, (Names{"model"}));
  EXPECT_EQ(applied.alerting.evaluation_interval, std::chrono::seconds(5))
      << "alerting settings are applied by a reload";
}

}  // namespace
}  // namespace micrometrics::config
