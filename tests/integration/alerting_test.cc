// Alerts through the real binary: a real Alertmanager (Debian's
// prometheus-alertmanager) receives, shows and resolves them; a webhook
// receiver gets Alertmanager's version-4 payload, with retries, and a
// hanging receiver never slows ingest.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/http_receiver.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

std::string AlertConfig(const std::string& notifiers,
                        const std::string& notify) {
  return R"(
labels: [prompt_version]
alerting: {evaluation_interval: 100ms, resend_interval: 1h}
metrics:
  - {name: truncated, type: truncation}
notifiers:
)" + notifiers +
         R"(
alerts:
  - name: TruncatedReplies
    metric: truncated
    condition: fail_count > 2
    window: 2s
    group_by: [prompt_version]
    severity: page
    annotations:
      summary: "{{ $labels.prompt_version }}: {{ $value }} truncated replies"
    notify: [)" +
         notify + R"(]
)";
}

std::string Truncated(int n, const std::string& version = "support-v42") {
  std::string batch = "[";
  for (int i = 0; i < n; ++i) {
    if (i) batch += ",";
    batch += json{{"output", "The answer is"},
                  {"prompt_version", version},
                  {"finish_reason", "length"}}
                 .dump();
  }
  return batch + "]";
}

TEST(Alerting, RealAlertmanagerReceivesAndResolvesTheAlert) {
  AlertmanagerProcess am;
  const int am_port = am.port();
  DaemonProcess daemon(AlertConfig(
      "  - {name: oncall, type: alertmanager, url: 'http://127.0.0.1:" +
          std::to_string(am_port) + "'}",
      "oncall"));
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", Truncated(5)).status, 202);

  json alerts;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    alerts = am.Alerts();
    if (!alerts.empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(alerts.size(), 1u) << daemon.Log();
  const json& a = alerts[0];
  EXPECT_EQ(a["labels"]["alertname"], "TruncatedReplies");
  EXPECT_EQ(a["labels"]["prompt_version"], "support-v42");
  EXPECT_EQ(a["labels"]["severity"], "page");
  EXPECT_EQ(a["labels"]["metric"], "truncated");
  EXPECT_EQ(a["annotations"]["summary"], "support-v42: 5 truncated replies");
  EXPECT_EQ(a["status"]["state"], "active");
  EXPECT_EQ(a["generatorURL"],
            "http://127.0.0.1:" + std::to_string(daemon.port()) +
                "/api/v1/examples?metric=truncated");
  EXPECT_EQ(a["annotations"]["examples"], a["generatorURL"]);
  // The daemon shows it too.
  json mine =
      json::parse(HttpCall(daemon.port(), "GET", "/api/v1/alerts").body);
  EXPECT_EQ(mine["alerts"][0]["groups"][0]["state"], "firing");
  std::string text = daemon.Scrape();
  EXPECT_EQ(FindSample(text,
                       "micrometrics_alert_state{alertname="
                       "\"TruncatedReplies\",state=\"firing\"}"),
            1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_alerts{alertname=\"TruncatedReplies\","
                       "alertstate=\"firing\",prompt_version=\"support-v42\","
                       "severity=\"page\"}"),
            1);

  // The failures slide out of the 2 s window: resolved, and Alertmanager
  // drops the alert.
  deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    alerts = am.Alerts();
    if (alerts.empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(alerts.empty()) << alerts.dump();
  EXPECT_NE(
      daemon.Log().find("alert TruncatedReplies prompt_version=support-v42: "
                        "firing -> inactive"),
      std::string::npos)
      << daemon.Log();
  EXPECT_EQ(
      daemon.Sample("micrometrics_notifications_total{notifier=\"oncall\","
                    "result=\"sent\"}"),
      2);
}

TEST(Alerting, WebhookGetsVersion4PayloadAndRetriesAfter500) {
  HttpReceiver receiver({500, 200});
  DaemonProcess daemon(
      AlertConfig("  - {name: hook, type: webhook, url: 'http://127.0.0.1:" +
                      std::to_string(receiver.port()) + "/alerts'}",
                  "hook"));
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", Truncated(3)).status, 202);
  ASSERT_TRUE(receiver.WaitForRequests(2, 20s)) << daemon.Log();
  auto bodies = receiver.bodies();
  EXPECT_EQ(bodies[0], bodies[1]) << "the retry resends the same payload";
  json payload = json::parse(bodies[1]);
  EXPECT_EQ(payload["version"], "4");
  EXPECT_EQ(payload["status"], "firing");
  EXPECT_EQ(payload["receiver"], "hook");
  EXPECT_EQ(payload["groupLabels"]["alertname"], "TruncatedReplies");
  EXPECT_EQ(payload["commonLabels"]["prompt_version"], "support-v42");
  ASSERT_EQ(payload["alerts"].size(), 1u);
  EXPECT_EQ(payload["alerts"][0]["status"], "firing");
  EXPECT_EQ(payload["alerts"][0]["fingerprint"].get<std::string>().size(), 16u);
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_notifications_total{notifier=\"hook\",result=\"retried\"}",
      1));
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_notifications_total{notifier=\"hook\",result=\"sent\"}",
      1));
}

TEST(Alerting, SlackBodyAndGivingUpAreCounted) {
  HttpReceiver slack({200});
  HttpReceiver broken({503});
  DaemonProcess daemon(AlertConfig(
      "  - {name: chat, type: webhook, slack: true, url: 'http://127.0.0.1:" +
          std::to_string(slack.port()) +
          "/hook'}\n"
          "  - {name: flaky, type: webhook, give_up_after: 1s, url: "
          "'http://127.0.0.1:" +
          std::to_string(broken.port()) + "/hook'}",
      "chat, flaky"));
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", Truncated(3)).status, 202);
  ASSERT_TRUE(slack.WaitForRequests(1, 20s));
  EXPECT_EQ(json::parse(slack.bodies()[0]),
            json({{"text",
                   "[FIRING] TruncatedReplies prompt_version=support-v42: "
                   "support-v42: 3 truncated replies"}}));
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_notifications_total{notifier=\"flaky\",result=\"gave_up\"}",
      1, 20s))
      << daemon.Log();
  EXPECT_GE(broken.bodies().size(), 2u) << "retried before giving up";
  EXPECT_NE(daemon.Log().find("notifier flaky: giving up"), std::string::npos);
}

TEST(Alerting, AHangingReceiverNeverSlowsIngest) {
  HttpReceiver receiver({200});
  receiver.hang = true;
  DaemonProcess daemon(AlertConfig(
      "  - {name: hook, type: webhook, url: 'http://127.0.0.1:" +
          std::to_string(receiver.port()) + "/alerts', timeout: 30s}",
      "hook"));
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", Truncated(3)).status, 202);
  ASSERT_TRUE(receiver.WaitForRequests(1, 20s));  // now hanging on it
  for (int i = 0; i < 20; ++i) {
    auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(PostJson(daemon.port(), "/v1/events",
                       Truncated(3, "v" + std::to_string(i)))
                  .status,
              202);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  }
  EXPECT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 63));
  // The backlog shows: 20 in the outbox, one on the wire.
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_notifications_queued{notifier=\"hook\"}", 21))
      << daemon.Scrape();
  receiver.hang = false;
}

TEST(Alerting, AlertmanagerGetsWhatWaitsInOnePostAndRetriesAreLogged) {
  // Alertmanager answers 503 twice: while the first alert is retried, three
  // more fire, and they go together in the next POST.
  HttpReceiver am({503, 503, 200});
  const std::string url = "http://127.0.0.1:" + std::to_string(am.port());
  DaemonProcess daemon(AlertConfig(
      "  - {name: am, type: alertmanager, url: '" + url + "'}", "am"));
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", Truncated(3, "v0")).status,
            202);
  ASSERT_TRUE(am.WaitForRequests(1, 10s)) << daemon.Log();
  for (const char* version : {"v1", "v2", "v3"}) {
    ASSERT_EQ(
        PostJson(daemon.port(), "/v1/events", Truncated(3, version)).status,
        202);
  }
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_notifications_queued{notifier=\"am\"}", 4))
      << daemon.Scrape();
  ASSERT_TRUE(am.WaitForRequests(4, 20s)) << daemon.Log();
  const auto bodies = am.bodies();
  EXPECT_EQ(bodies[0], bodies[1]);
  EXPECT_EQ(bodies[1], bodies[2]);
  ASSERT_EQ(json::parse(bodies[0]).size(), 1u);
  const json batch = json::parse(bodies[3]);
  ASSERT_EQ(batch.size(), 3u) << bodies[3];
  std::set<std::string> versions;
  for (const auto& alert : batch) {
    EXPECT_EQ(alert["labels"]["alertname"], "TruncatedReplies");
    versions.insert(alert["labels"]["prompt_version"]);
  }
  EXPECT_EQ(versions, (std::set<std::string>{"v1", "v2", "v3"}));
  EXPECT_TRUE(daemon.WaitForSample(
      "micrometrics_notifications_total{notifier=\"am\",result=\"sent\"}", 4));
  EXPECT_EQ(daemon.Sample("micrometrics_notifications_total{notifier=\"am\","
                          "result=\"retried\"}"),
            2);
  EXPECT_EQ(daemon.Sample("micrometrics_notifications_queued{notifier=\"am\"}"),
            0);
  const std::string log = daemon.Log();
  EXPECT_NE(log.find("notifier am: attempt 1 of a notification to " + url +
                     " failed: HTTP 503; retrying in "),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("notifier am: delivered to " + url + " on attempt 3"),
            std::string::npos)
      << log;
}

TEST(Alerting, ShadowMetricsEvaluateButNeverNotify) {
  HttpReceiver receiver({200});
  std::string config =
      AlertConfig("  - {name: hook, type: webhook, url: 'http://127.0.0.1:" +
                      std::to_string(receiver.port()) + "/alerts'}",
                  "hook");
  config.replace(config.find("{name: truncated, type: truncation}"),
                 std::string("{name: truncated, type: truncation}").size(),
                 "{name: truncated, type: truncation, stage: shadow}");
  DaemonProcess daemon(config);
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", Truncated(5)).status, 202);
  ASSERT_TRUE(daemon.process().WaitForLog("pending -> firing", 10s) ||
              daemon.process().WaitForLog("inactive -> firing", 10s))
      << daemon.Log();
  std::this_thread::sleep_for(500ms);
  EXPECT_TRUE(receiver.bodies().empty());
  json mine =
      json::parse(HttpCall(daemon.port(), "GET", "/api/v1/alerts").body);
  EXPECT_EQ(mine["alerts"][0]["shadow"], true);
}

}  // namespace
}  // namespace micrometrics::testing
