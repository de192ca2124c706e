// Config reload through the real binary (POST /-/reload and SIGHUP): events
// keep flowing and none is lost, unchanged metrics keep counting, removed
// ones leave /metrics, changed ones start fresh, alert states survive, and a
// broken file leaves the running config in place with the error reported.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

const char* kBefore = R"(
labels: [route]
metrics:
  - {name: keep, type: empty_output, owner: team-a}
  - {name: gone, type: regex, params: {pattern: "zzz"}}
  - {name: edited, type: regex, params: {pattern: "Antwort"}}
)";

// `keep` gets a new owner only (metadata: still the same metric), `edited`
// a new pattern, `gone` leaves, `fresh` arrives.
const char* kAfter = R"(
labels: [route]
metrics:
  - {name: fresh, type: regex, params: {pattern: "Antwort"}}
  - {name: keep, type: empty_output, owner: team-b}
  - {name: edited, type: regex, params: {pattern: "nope"}}
)";

std::string Check(const std::string& metric, const std::string& outcome) {
  return "micrometrics_checks_total{metric=\"" + metric + "\",outcome=\"" +
         outcome + "\",route=\"chat\"}";
}

TEST(Reload, WhileEventsFlowNothingIsLostAndUnchangedMetricsKeepCounting) {
  DaemonProcess daemon(kBefore);
  std::atomic<bool> stop{false};
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  std::thread sender([&] {
    json batch = json::array();
    for (int i = 0; i < 50; ++i) {
      batch.push_back({{"route", "chat"}, {"output", "Eine Antwort"}});
    }
    const std::string body = batch.dump();
    while (!stop.load()) {
      HttpReply r = PostJson(daemon.port(), "/v1/events", body);
      if (r.status == 202) {
        accepted += 50;
      } else {
        ++refused;
      }
    }
  });
  // Some events evaluated by the old set before the reload.
  for (int i = 0;
       i < 200 && daemon.Sample(Check("keep", "pass")).value_or(0) < 500; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  WriteFile(daemon.config_path(), kAfter);
  HttpReply r = HttpCall(daemon.port(), "POST", "/-/reload");
  std::this_thread::sleep_for(300ms);  // and some after it
  stop = true;
  sender.join();

  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["status"], "success");
  EXPECT_EQ(body["metrics"]["added"], json::array({"fresh"}));
  EXPECT_EQ(body["metrics"]["removed"], json::array({"gone"}));
  EXPECT_EQ(body["metrics"]["changed"], json::array({"edited"}));
  EXPECT_EQ(body["metrics"]["unchanged"], json::array({"keep"}));
  EXPECT_EQ(body["restart_required"], json::array())
      << "--listen is a flag, not a change";
  EXPECT_EQ(refused.load(), 0);

  const int total = accepted.load();
  ASSERT_GT(total, 500);
  ASSERT_TRUE(
      daemon.WaitForSample("micrometrics_events_processed_total", total, 30s))
      << "every accepted event is evaluated across the reload";
  std::string text = daemon.Scrape();
  // Evaluated by the old set or the new one, never by neither: `keep` saw
  // every event, before and after.
  EXPECT_EQ(FindSample(text, Check("keep", "pass")), total);
  EXPECT_EQ(FindSample(text, Check("gone", "pass")), std::nullopt);
  EXPECT_EQ(text.find("metric=\"gone\""), std::string::npos)
      << "a removed metric leaves every series";
  // `edited` started fresh under its new pattern: only passes, and the
  // fails of the old pattern are gone.
  EXPECT_EQ(FindSample(text, Check("edited", "fail")).value_or(0), 0);
  const double edited = FindSample(text, Check("edited", "pass")).value_or(0);
  const double fresh = FindSample(text, Check("fresh", "fail")).value_or(0);
  EXPECT_GT(fresh, 0);
  EXPECT_EQ(edited, fresh) << "both only saw events after the reload";
  EXPECT_LT(fresh, total);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_metric_info{metric=\"keep\","
                       "owner=\"team-b\",stage=\"active\",type="
                       "\"empty_output\"}"),
            1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_metric_info{metric=\"keep\","
                       "owner=\"team-a\",stage=\"active\",type="
                       "\"empty_output\"}"),
            std::nullopt);
  EXPECT_EQ(FindSample(text, "micrometrics_config_last_reload_successful"), 1);
  EXPECT_EQ(
      FindSample(text, "micrometrics_config_reloads_total{result=\"success\"}"),
      1);
  CommandResult lint = RunCommand({"promtool", "check", "metrics"}, text);
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
}

TEST(Reload, BrokenConfigKeepsTheRunningOneAndSaysWhereTheErrorIs) {
  DaemonProcess daemon(kBefore);
  WriteFile(daemon.config_path(), R"(
metrics:
  - {name: keep, type: empty_output}
  - {name: bad, type: regex, params: {pattern: "(unclosed"}}
)");
  HttpReply r = HttpCall(daemon.port(), "POST", "/-/reload");
  ASSERT_EQ(r.status, 500) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["error"], "config reload failed: the running config stays");
  const std::string error = body["detail"]["config_error"];
  EXPECT_EQ(error.rfind(daemon.config_path() + ":4:", 0), 0) << error;
  EXPECT_NE(error.find("bad regex"), std::string::npos) << error;
  EXPECT_NE(daemon.Log().find(error), std::string::npos)
      << "the error is logged too";
  EXPECT_EQ(daemon.Sample("micrometrics_config_last_reload_successful"), 0);
  EXPECT_EQ(
      daemon.Sample("micrometrics_config_reloads_total{result=\"failure\"}"),
      1);

  // The old set still evaluates.
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events",
                     R"({"route":"chat","output":"zzz"})")
                .status,
            202);
  EXPECT_TRUE(daemon.WaitForSample(Check("gone", "fail"), 1));

  // Fixed, and reloaded by SIGHUP as systemd's ExecReload does.
  WriteFile(daemon.config_path(), R"(
server: {listen: "127.0.0.1:1", threads: 3}
labels: [route]
metrics: [{name: keep, type: empty_output}]
)");
  daemon.process().Signal(SIGHUP);
  ASSERT_TRUE(daemon.process().WaitForLog("config reloaded from", 10s))
      << daemon.Log();
  EXPECT_TRUE(
      daemon.WaitForSample("micrometrics_config_last_reload_successful", 1));
  const std::string log = daemon.Log();
  EXPECT_NE(log.find("server.threads: 2 -> 3 needs a restart"),
            std::string::npos)
      << log;
  EXPECT_EQ(daemon.Sample(Check("gone", "fail")), std::nullopt);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/healthz").status, 200)
      << "the listener did not move: --listen wins, as at start";

  // The file disappears (a ConfigMap unmounted, a bad deploy): the running
  // config stays and the reload says why.
  ASSERT_EQ(std::remove(daemon.config_path().c_str()), 0);
  HttpReply gone = HttpCall(daemon.port(), "POST", "/-/reload");
  EXPECT_EQ(gone.status, 500);
  EXPECT_NE(gone.body.find(daemon.config_path()), std::string::npos)
      << gone.body;
  EXPECT_EQ(daemon.Sample("micrometrics_config_last_reload_successful"), 0);

  // A directory where the file was (a ConfigMap mounted over the path) and
  // an emptied file are errors too, not a config with no metrics.
  ASSERT_EQ(::mkdir(daemon.config_path().c_str(), 0755), 0);
  HttpReply dir = HttpCall(daemon.port(), "POST", "/-/reload");
  EXPECT_EQ(dir.status, 500) << dir.body;
  EXPECT_EQ(json::parse(dir.body)["detail"]["config_error"],
            daemon.config_path() + ":1:1: is a directory, not a config file");
  ASSERT_EQ(::rmdir(daemon.config_path().c_str()), 0);
  WriteFile(daemon.config_path(), "");
  HttpReply empty = HttpCall(daemon.port(), "POST", "/-/reload");
  EXPECT_EQ(empty.status, 500) << empty.body;
  EXPECT_EQ(json::parse(empty.body)["detail"]["config_error"],
            daemon.config_path() +
                ":1:1: the config is empty; write `metrics: []` to run with "
                "no metrics");
  EXPECT_EQ(
      daemon.Sample("micrometrics_config_reloads_total{result=\"failure\"}"),
      4);
  EXPECT_TRUE(daemon.Sample(Check("keep", "pass")).has_value())
      << "the running metrics stay exported";
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events",
                     R"({"route":"chat","output":"still here"})")
                .status,
            202);
  EXPECT_TRUE(daemon.WaitForSample(Check("keep", "pass"), 2))
      << "the event before the reloads and this one";
}

TEST(Reload, AdminTokenGuardsReloadAndUnchangedAlertsStayFiring) {
  const std::string dir = MakeTempDir("reload-auth");
  WriteFile(dir + "/admin", "s3cret\n");
  const std::string config = R"(
server: {auth: {admin_token_file: )" +
                             dir +
                             R"(/admin}}
metrics: [{name: empty, type: empty_output}]
alerting: {evaluation_interval: 100ms}
alerts:
  - {name: EmptyReplies, metric: empty, condition: "fail_rate > 0.5",
     window: 1m}
)";
  DaemonProcess daemon(config);
  EXPECT_EQ(HttpCall(daemon.port(), "POST", "/-/reload").status, 401);
  const std::map<std::string, std::string> auth = {
      {"Authorization", "Bearer s3cret"}};

  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", R"([{"output":""}])").status,
            202);
  const std::string firing =
      "micrometrics_alert_state{alertname=\"EmptyReplies\",state=\"firing\"}";
  ASSERT_TRUE(daemon.WaitForSample(firing, 1)) << daemon.Scrape();

  // The same rule and metric, plus a new metric: the alert keeps firing.
  WriteFile(daemon.config_path(),
            config +
                "  - {name: Other, metric: empty, condition: "
                "\"fail_rate > 0.9\"}\n");
  HttpReply r = HttpCall(daemon.port(), "POST", "/-/reload", "", "", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["alerts"]["added"], json::array({"Other"}));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(daemon.Sample(firing), 1);
  json alerts =
      json::parse(HttpCall(daemon.port(), "GET", "/api/v1/alerts").body);
  ASSERT_EQ(alerts["alerts"].size(), 2u);
  EXPECT_EQ(alerts["alerts"][0]["groups"][0]["state"], "firing");

  // The rule removed: its alert ends and its series go.
  WriteFile(daemon.config_path(), R"(
server: {auth: {admin_token_file: )" + dir +
                                      R"(/admin}}
metrics: [{name: empty, type: empty_output}]
)");
  r = HttpCall(daemon.port(), "POST", "/-/reload", "", "", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(daemon.Sample(firing), std::nullopt);
  EXPECT_EQ(daemon.Sample("micrometrics_alerts{alertname=\"EmptyReplies\","
                          "alertstate=\"firing\"}"),
            std::nullopt);
}

}  // namespace
}  // namespace micrometrics::testing

namespace micrometrics::testing {
namespace {

TEST(Reload, RereadsTokenFilesSoARotatedTokenNeedsNoRestart) {
  const std::string dir = MakeTempDir("reload-rotate");
  WriteFile(dir + "/ingest", "old-ingest\n");
  WriteFile(dir + "/admin", "old-admin\n");
  DaemonProcess daemon("server: {auth: {ingest_token_file: " + dir +
                       "/ingest, admin_token_file: " + dir +
                       "/admin}}\nmetrics: [{name: e, type: empty_output}]\n");
  auto post = [&](const std::string& token) {
    return HttpCall(daemon.port(), "POST", "/v1/events", R"({"output":"x"})",
                    "application/json", {{"Authorization", "Bearer " + token}})
        .status;
  };
  auto reload = [&](const std::string& token) {
    return HttpCall(daemon.port(), "POST", "/-/reload", "", "",
                    {{"Authorization", "Bearer " + token}});
  };
  ASSERT_EQ(post("old-ingest"), 202);

  WriteFile(dir + "/ingest", "new-ingest\n");
  WriteFile(dir + "/admin", "new-admin\n");
  HttpReply r = reload("old-admin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["restart_required"], json::array());
  EXPECT_EQ(post("old-ingest"), 401);
  EXPECT_EQ(post("new-ingest"), 202);
  EXPECT_EQ(reload("old-admin").status, 401);

  // An empty token file fails the reload; the tokens in use stay.
  WriteFile(dir + "/ingest", "\n");
  r = reload("new-admin");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(json::parse(r.body)["detail"]["config_error"],
            "token file is empty: " + dir + "/ingest");
  EXPECT_EQ(post("new-ingest"), 202);
  EXPECT_EQ(daemon.Sample("micrometrics_config_last_reload_successful"), 0);
  EXPECT_EQ(
      daemon.Sample("micrometrics_config_reloads_total{result=\"failure\"}"),
      1);
}

}  // namespace
}  // namespace micrometrics::testing
