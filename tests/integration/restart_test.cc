// Alert state across restarts, through the real binary and a real
// Alertmanager: kill -9 and start again on the same alerting.state_file. A
// firing alert whose condition still holds goes on firing without a new
// page; one whose condition cleared while the daemon was down is resolved at
// start and Alertmanager drops it; a rule edited meanwhile starts fresh
// with its old alerts resolved.
#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/http_receiver.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

std::string Config(const std::string& state_file, const std::string& notifier,
                   const std::string& condition = "fail_count > 2") {
  return R"(
labels: [prompt_version]
alerting: {evaluation_interval: 100ms, resend_interval: 1h, state_file: )" +
         state_file + R"(}
metrics:
  - {name: truncated, type: truncation}
notifiers:
  - )" + notifier +
         R"(
alerts:
  - name: TruncatedReplies
    metric: truncated
    condition: )" +
         condition + R"(
    window: 10s
    group_by: [prompt_version]
    notify: [oncall]
)";
}

std::string Truncated(int n) {
  std::string batch = "[";
  for (int i = 0; i < n; ++i) {
    if (i) batch += ",";
    batch += json{{"output", "The answer is"},
                  {"prompt_version", "support-v42"},
                  {"finish_reason", "length"}}
                 .dump();
  }
  return batch + "]";
}

const char* kSent =
    "micrometrics_notifications_total{notifier=\"oncall\",result=\"sent\"}";
const char* kWrites =
    "micrometrics_alert_state_writes_total{result=\"success\"}";

/// Waits until the daemon wrote its state at least twice more (the
/// current state is on disk whatever was in flight). It writes every
/// evaluation, so a poll can step over the exact count: at least, not equal.
void WaitForStateWrites(DaemonProcess& daemon) {
  const double before = daemon.Sample(kWrites).value_or(0);
  ASSERT_TRUE(daemon.WaitForSampleAtLeast(kWrites, before + 2)) << daemon.Log();
}

TEST(Restart, KillNineKeepsFiringAlertsWithoutANewPageAndResolvesWhatCleared) {
  const std::string dir = MakeTempDir("restart");
  AlertmanagerProcess am;
  const std::string config =
      Config(dir + "/alerts.state",
             "{name: oncall, type: alertmanager, url: 'http://127.0.0.1:" +
                 std::to_string(am.port()) + "'}");

  // 1. Firing, paged once; the daemon dies without a word.
  auto first = std::make_unique<DaemonProcess>(config);
  const auto failures_at = std::chrono::steady_clock::now();
  ASSERT_EQ(PostJson(first->port(), "/v1/events", Truncated(5)).status, 202);
  ASSERT_TRUE(first->WaitForSample(kSent, 1)) << first->Log();
  ASSERT_NO_FATAL_FAILURE(WaitForStateWrites(*first));
  json alerts = am.Alerts();
  ASSERT_EQ(alerts.size(), 1u) << alerts.dump();
  const std::string starts_at = alerts[0]["startsAt"];
  first->process().Signal(SIGKILL);
  ASSERT_EQ(first->process().Wait(5s), 128 + SIGKILL);

  // 2. Back within the window: still firing at once (no `for` again), the
  // same alert to Alertmanager, and no second page.
  auto second = std::make_unique<DaemonProcess>(config);
  EXPECT_NE(second->Log().find("restored 1 groups of 1 rules"),
            std::string::npos)
      << second->Log();
  json mine =
      json::parse(HttpCall(second->port(), "GET", "/api/v1/alerts").body);
  ASSERT_EQ(mine["alerts"][0]["groups"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["alerts"][0]["groups"][0]["state"], "firing");
  EXPECT_EQ(second->Sample("micrometrics_alerts{alertname=\"TruncatedReplies\","
                           "alertstate=\"firing\",prompt_version="
                           "\"support-v42\"}"),
            1);
  ASSERT_NO_FATAL_FAILURE(WaitForStateWrites(*second));
  EXPECT_EQ(second->Sample(kSent), 0) << "a restart is not a new page";
  alerts = am.Alerts();
  ASSERT_EQ(alerts.size(), 1u) << alerts.dump();
  EXPECT_EQ(alerts[0]["startsAt"], starts_at);
  EXPECT_EQ(alerts[0]["status"]["state"], "active");
  second->process().Signal(SIGKILL);
  ASSERT_EQ(second->process().Wait(5s), 128 + SIGKILL);

  // 3. Down until the failures left the 10 s window: the condition cleared
  // while nobody watched. The next start resolves it at once, and
  // Alertmanager stops paging.
  std::this_thread::sleep_until(failures_at + 10500ms);
  auto third = std::make_unique<DaemonProcess>(config);
  EXPECT_TRUE(third->WaitForSample(kSent, 1)) << third->Log();
  EXPECT_NE(third->Log().find("alert TruncatedReplies "
                              "prompt_version=support-v42: firing -> inactive"),
            std::string::npos)
      << third->Log();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!am.Alerts().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(am.Alerts().empty()) << am.Alerts().dump();

  // 4. SIGTERM saves the state after the last verdict.
  third->process().Signal(SIGTERM);
  EXPECT_EQ(third->process().Wait(10s), 0);
  EXPECT_NE(third->Log().find("alert state saved to " + dir + "/alerts.state"),
            std::string::npos)
      << third->Log();
}

TEST(Restart, ARuleEditedWhileDownStartsFreshAndItsAlertIsResolved) {
  const std::string dir = MakeTempDir("restart");
  HttpReceiver hook({200});
  const std::string notifier =
      "{name: oncall, type: webhook, url: 'http://127.0.0.1:" +
      std::to_string(hook.port()) + "/hook'}";
  const std::string state = dir + "/alerts.state";
  {
    DaemonProcess first(Config(state, notifier));
    ASSERT_EQ(PostJson(first.port(), "/v1/events", Truncated(5)).status, 202);
    ASSERT_TRUE(hook.WaitForRequests(1, 10s)) << first.Log();
    ASSERT_NO_FATAL_FAILURE(WaitForStateWrites(first));
    first.process().Signal(SIGKILL);
    first.process().Wait(5s);
  }
  DaemonProcess second(Config(state, notifier, "fail_count > 100"));
  ASSERT_TRUE(hook.WaitForRequests(2, 10s)) << second.Log();
  json resolved = json::parse(hook.bodies()[1]);
  EXPECT_EQ(resolved["status"], "resolved");
  EXPECT_EQ(resolved["alerts"][0]["labels"]["prompt_version"], "support-v42");
  EXPECT_EQ(resolved["alerts"][0]["startsAt"],
            json::parse(hook.bodies()[0])["alerts"][0]["startsAt"]);
  EXPECT_NE(second.Log().find("rule TruncatedReplies changed while the daemon "
                              "was down; starting it fresh (1 firing alerts "
                              "resolved)"),
            std::string::npos)
      << second.Log();
  json mine =
      json::parse(HttpCall(second.port(), "GET", "/api/v1/alerts").body);
  EXPECT_TRUE(mine["alerts"][0]["groups"].empty()) << mine.dump();
}

TEST(Restart, ADamagedStateFileIsReportedAndTheDaemonStartsWithoutIt) {
  const std::string dir = MakeTempDir("restart");
  WriteFile(dir + "/alerts.state", "{\"version\": 1, \"rules\": [");
  HttpReceiver hook({200});
  DaemonProcess daemon(
      Config(dir + "/alerts.state",
             "{name: oncall, type: webhook, url: 'http://127.0.0.1:" +
                 std::to_string(hook.port()) + "/hook'}"));
  EXPECT_NE(daemon.Log().find("alert state: cannot restore " + dir +
                              "/alerts.state: "),
            std::string::npos)
      << daemon.Log();
  // And overwrites it with a good one.
  ASSERT_NO_FATAL_FAILURE(WaitForStateWrites(daemon));
  EXPECT_EQ(daemon.Sample(
                "micrometrics_alert_state_writes_total{result=\"failure\"}"),
            0);
}

}  // namespace
}  // namespace micrometrics::testing
