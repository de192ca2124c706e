// Metrics that age well, through the real binary: failing examples
// (redacted, bounded, newest first), /api/v1/metrics with counts and
// metadata, review dates on /metrics, and examples surviving a reload.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;

const char* kConfig = R"(
labels: [prompt_version]
examples: {per_metric: 3, max_chars: 60}
metrics:
  - name: pii
    type: pii
    owner: privacy-team
    description: Personal data in the reply
    created: 2019-06-01
    review_by: 2020-01-01
  - name: never_fails
    type: regex
    params: {pattern: "zzzz"}
    review_by: 2999-01-01
    stage: shadow
alerts:
  - {name: PiiInReplies, metric: pii, condition: "fail_rate > 0.5"}
)";

json Get(int port, const std::string& target, int expect = 200) {
  HttpReply r = HttpCall(port, "GET", target);
  EXPECT_EQ(r.status, expect) << target << ": " << r.body;
  return json::parse(r.body);
}

TEST(Examples, NewestFirstRedactedBoundedAndKeptAcrossAReload) {
  DaemonProcess daemon(kConfig);
  json events = json::array();
  for (int i = 0; i < 5; ++i) {
    events.push_back(
        {{"id", "req-" + std::to_string(i)},
         {"conversation_id", "conv-1"},
         {"prompt_version", "v42"},
         {"output", "Klar! Schreib an max.mustermann" + std::to_string(i) +
                        "@example.de oder ruf an. Ausserdem noch sehr viel "
                        "mehr Text, der abgeschnitten wird."}});
  }
  events.push_back({{"id", "ok"}, {"output", "Nothing personal here."}});
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 6));

  json ex = Get(daemon.port(), "/api/v1/examples?metric=pii&limit=2");
  EXPECT_EQ(ex["metric"], "pii");
  ASSERT_EQ(ex["examples"].size(), 2u);
  const json& newest = ex["examples"][0];
  EXPECT_EQ(newest["event_id"], "req-4");
  EXPECT_EQ(newest["conversation_id"], "conv-1");
  EXPECT_EQ(newest["labels"]["prompt_version"], "v42");
  EXPECT_EQ(newest["reason"], "found email");
  EXPECT_EQ(newest["text"],
            "Klar! Schreib an [EMAIL] oder ruf an. Ausserdem noch sehr vi...");
  EXPECT_EQ(ex["examples"][1]["event_id"], "req-3");
  // Bounded at per_metric: the oldest two are gone.
  ex = Get(daemon.port(), "/api/v1/examples?metric=pii&limit=100");
  ASSERT_EQ(ex["examples"].size(), 3u);
  EXPECT_EQ(ex["examples"][2]["event_id"], "req-2");
  EXPECT_EQ(ex.dump().find("mustermann"), std::string::npos)
      << "no address anywhere: " << ex.dump();
  EXPECT_EQ(
      Get(daemon.port(), "/api/v1/examples?metric=never_fails")["examples"]
          .size(),
      0u);

  json err = Get(daemon.port(), "/api/v1/examples?metric=nope", 404);
  EXPECT_EQ(err["error"], "unknown metric 'nope'");
  EXPECT_EQ(err["detail"]["known"], json::array({"pii", "never_fails"}));
  EXPECT_EQ(Get(daemon.port(), "/api/v1/examples", 400)["error"],
            "the metric parameter is required, e.g. "
            "/api/v1/examples?metric=reply_language");
  Get(daemon.port(), "/api/v1/examples?metric=pii&limit=x", 400);

  // A reload that leaves `pii` as it was keeps its examples and counts.
  WriteFile(daemon.config_path(),
            std::string(kConfig) +
                "  - {name: NeverFails, metric: never_fails, condition: "
                "\"fail_rate > 0.5\"}\n");
  ASSERT_EQ(HttpCall(daemon.port(), "POST", "/-/reload").status, 200);
  EXPECT_EQ(
      Get(daemon.port(), "/api/v1/examples?metric=pii")["examples"].size(), 3u);
}

TEST(MetricsApi, MetadataCountsLastFailureAndOverdueReviews) {
  DaemonProcess daemon(kConfig);
  json events = json::array();
  for (int i = 0; i < 4; ++i) {
    events.push_back({{"output", i < 3 ? "mail me at a@example.com" : "fine"}});
  }
  events.push_back({{"input", "no reply, only timing"}, {"latency_ms", 12}});
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 5));

  json list = Get(daemon.port(), "/api/v1/metrics")["metrics"];
  ASSERT_EQ(list.size(), 2u);
  const json& pii = list[0];
  EXPECT_EQ(pii["name"], "pii");
  EXPECT_EQ(pii["type"], "pii");
  EXPECT_EQ(pii["owner"], "privacy-team");
  EXPECT_EQ(pii["description"], "Personal data in the reply");
  EXPECT_EQ(pii["stage"], "active");
  EXPECT_EQ(pii["created"], "2019-06-01");
  EXPECT_EQ(pii["review_by"], "2020-01-01");
  EXPECT_EQ(pii["review_overdue"], true);
  EXPECT_EQ(pii["counts"], json({{"evaluated", 4},
                                 {"pass", 1},
                                 {"fail", 3},
                                 {"skipped", 1},
                                 {"error", 0}}));
  EXPECT_EQ(pii["last_hour"]["evaluated"], 4);
  EXPECT_EQ(pii["last_hour"]["fails"], 3);
  EXPECT_DOUBLE_EQ(pii["last_hour"]["fail_rate"].get<double>(), 0.75);
  EXPECT_TRUE(pii["last_failure"].is_string());
  EXPECT_EQ(pii["alert_rules"], json::array({"PiiInReplies"}));
  EXPECT_EQ(pii["examples"], 3);
  EXPECT_EQ(pii["examples_url"], "/api/v1/examples?metric=pii");
  const json& quiet = list[1];
  EXPECT_EQ(quiet["stage"], "shadow");
  EXPECT_EQ(quiet["review_overdue"], false);
  EXPECT_TRUE(quiet["last_failure"].is_null());
  EXPECT_TRUE(quiet["last_alert"].is_null());
  EXPECT_TRUE(quiet["created"].is_null());

  std::string text = daemon.Scrape();
  EXPECT_EQ(
      FindSample(text, "micrometrics_metric_review_overdue{metric=\"pii\"}"),
      1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_metric_review_overdue{metric="
                       "\"never_fails\"}"),
            0);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_metric_info{metric=\"never_fails\","
                       "owner=\"\",stage=\"shadow\",type=\"regex\"}"),
            1);
}

TEST(Examples, TheAdminTokenGuardsThem) {
  const std::string dir = MakeTempDir("examples-auth");
  WriteFile(dir + "/admin", "adm1n\n");
  DaemonProcess daemon("server: {auth: {admin_token_file: " + dir +
                       "/admin}}\n" + kConfig);
  EXPECT_EQ(
      HttpCall(daemon.port(), "GET", "/api/v1/examples?metric=pii").status,
      401);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/api/v1/examples?metric=pii", "",
                     "", {{"Authorization", "Bearer adm1n"}})
                .status,
            200);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/api/v1/metrics").status, 200)
      << "metadata and counts stay open, as /api/v1/alerts";
}

std::vector<std::string> FindingsOf(const json& report,
                                    const std::string& metric) {
  std::vector<std::string> kinds;
  for (const auto& f : report["findings"]) {
    if (f["metric"] == metric) kinds.push_back(f["kind"]);
  }
  return kinds;
}

TEST(Report, FromARunningDaemonAndFromAReplay) {
  const std::string config = R"(
metrics:
  - {name: pii, type: pii, owner: privacy-team, review_by: 2020-01-01}
  - {name: never_fails, type: regex, owner: team, params: {pattern: zzzz}}
  - {name: mostly_skipped, type: truncation, owner: team}
alerting: {evaluation_interval: 100ms}
alerts:
  - {name: PiiInReplies, metric: pii, condition: "fail_rate > 0.5"}
  - {name: NeverFires, metric: never_fails, condition: "fail_rate > 0.5"}
)";
  DaemonProcess daemon(config);
  json events = json::array();
  for (int i = 0; i < 10; ++i) {
    events.push_back({{"id", "e" + std::to_string(i)},
                      {"output", i < 8 ? "write to a@example.com" : "ok"}});
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample(
      "micrometrics_alert_state{alertname=\"PiiInReplies\",state=\"firing\"}",
      1));
  const std::string url = "http://127.0.0.1:" + std::to_string(daemon.port());
  CommandResult r = RunCommand(
      {DaemonBinary(), "report", "--config", daemon.config_path(), "--url", url,
       "--format", "json", "--today", "2030-01-01", "--min-events", "5"},
      {}, true);
  ASSERT_EQ(r.exit_code, 0) << r.output << r.errors;
  json report = json::parse(r.output);
  EXPECT_EQ(FindingsOf(report, "pii"),
            (std::vector<std::string>{"review_overdue", "noisy"}));
  EXPECT_EQ(FindingsOf(report, "never_fails"),
            (std::vector<std::string>{"never_failed", "never_alerted"}));
  EXPECT_EQ(FindingsOf(report, "mostly_skipped"),
            (std::vector<std::string>{"mostly_skipped", "few_events"}));
  EXPECT_EQ(report["metrics"][0]["evaluated"], 10);
  EXPECT_EQ(report["metrics"][0]["alerted"], true);
  EXPECT_NE(report["period"].get<std::string>().find("counts from " + url),
            std::string::npos);

  // The same judgement on a file, without a daemon (no alert history).
  const std::string dir = MakeTempDir("report");
  std::string lines;
  for (const auto& e : events) lines += e.dump() + "\n";
  WriteFile(dir + "/events.jsonl", lines);
  r = RunCommand(
      {DaemonBinary(), "report", "--config", daemon.config_path(), "--replay",
       dir + "/events.jsonl", "--today", "2030-01-01", "--min-events", "5"},
      {}, true);
  ASSERT_EQ(r.exit_code, 0) << r.errors;
  EXPECT_NE(r.output.find("review_overdue: review it now"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("  never_fails: 0 fails in 10 evaluations"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("never_alerted"), std::string::npos);

  EXPECT_EQ(
      RunCommand({DaemonBinary(), "report", "--config", daemon.config_path()},
                 {}, true)
          .exit_code,
      2);
  CommandResult down =
      RunCommand({DaemonBinary(), "report", "--config", daemon.config_path(),
                  "--url", "http://127.0.0.1:" + std::to_string(FreePort())},
                 {}, true);
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_NE(down.errors.find("/api/v1/metrics: Connection refused"),
            std::string::npos)
      << down.errors;
}

// The lines of an examples file, each parsed (null for a damaged one).
std::vector<json> FileLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(json::parse(line, nullptr, false));
  }
  return lines;
}

// The event ids /api/v1/examples shows for `metric` once it shows `n`
// (the file is read in the background after start).
std::vector<std::string> WaitForExamples(int port, const std::string& metric,
                                         size_t n) {
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    json ex = Get(port, "/api/v1/examples?metric=" + metric);
    ids.clear();
    for (const auto& e : ex["examples"]) ids.push_back(e["event_id"]);
    if (ids.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ids;
}

std::string FailingEvents(const std::string& prefix, int n) {
  json events = json::array();
  for (int i = 0; i < n; ++i) {
    events.push_back(
        {{"id", prefix + std::to_string(i)},
         {"output", "mail " + prefix + std::to_string(i) + "@example.com"}});
  }
  return events.dump();
}

TEST(Examples, OnlyTheKeptExamplesAreSavedAndTheySurviveARestart) {
  const std::string dir = MakeTempDir("examples-file");
  const std::string path = dir + "/examples.jsonl";
  const std::string config = "examples: {per_metric: 3, file: " + path +
                             ", file_write_interval: 200ms}\n"
                             "pipeline: {workers: 1}\n"
                             "metrics: [{name: pii, type: pii}]\n";
  {
    DaemonProcess daemon(config);
    // 400 failing events: the file holds the three kept, not 400 lines.
    ASSERT_EQ(
        PostJson(daemon.port(), "/v1/events", FailingEvents("a", 400)).status,
        202);
    ASSERT_TRUE(
        daemon.WaitForSample("micrometrics_events_processed_total", 400));
    ASSERT_TRUE(daemon.WaitForSample(
        "micrometrics_examples_file_writes_total{result=\"written\"}", 1));
    // Rewritten at most once per interval while examples change, not once
    // per failing event.
    EXPECT_LT(
        daemon
            .Sample(
                "micrometrics_examples_file_writes_total{result=\"written\"}")
            .value_or(1000),
        40);
    daemon.process().Signal(SIGTERM);
    ASSERT_EQ(daemon.process().Wait(std::chrono::seconds(20)), 0);
  }
  std::vector<json> lines = FileLines(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["event_id"], "a397");
  EXPECT_EQ(lines[2]["event_id"], "a399");
  EXPECT_EQ(lines[2]["metric"], "pii");
  EXPECT_EQ(lines[2]["text"], "mail [EMAIL]") << "redacted on disk";

  // A line cut short (by an older version, or by hand) is said at start;
  // the rest come back, and the first write leaves a clean file.
  {
    std::ofstream out(path, std::ios::app);
    out << R"({"metric":"pii","event_id":"d","te)";
  }
  DaemonProcess restarted(config);
  EXPECT_EQ(WaitForExamples(restarted.port(), "pii", 3),
            (std::vector<std::string>{"a399", "a398", "a397"}));
  EXPECT_NE(restarted.Log().find("examples file " + path +
                                 ":4: damaged line skipped (1 damaged of 4 "
                                 "lines; a line cut short by a crash, or "
                                 "edited by hand)"),
            std::string::npos)
      << restarted.Log();
  // New examples go in front of the restored ones.
  ASSERT_EQ(
      PostJson(restarted.port(), "/v1/events", FailingEvents("b", 1)).status,
      202);
  ASSERT_TRUE(
      restarted.WaitForSample("micrometrics_events_processed_total", 1));
  EXPECT_EQ(WaitForExamples(restarted.port(), "pii", 3).front(), "b0");
  // Saved within the interval, whole lines only.
  for (int i = 0; i < 100; ++i) {
    lines = FileLines(path);
    if (!lines.empty() && lines.back().is_object() &&
        lines.back().value("event_id", "") == "b0") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(lines.size(), 3u);
  for (const json& line : lines) EXPECT_TRUE(line.is_object());
  EXPECT_EQ(lines[2]["event_id"], "b0");
  std::filesystem::remove_all(dir);
}

TEST(Examples, ALargeFileOfAnOlderVersionIsReadFromItsEndAndCompacted) {
  // Older versions appended every failing event and rotated to FILE.1.
  const std::string dir = MakeTempDir("examples-legacy");
  const std::string path = dir + "/examples.jsonl";
  auto line = [](const std::string& metric, int i) {
    return json{{"metric", metric},
                {"event_id", metric + std::to_string(i)},
                {"time", "2026-11-30T10:00:00Z"},
                {"text", std::string(200, 'x')}}
               .dump() +
           "\n";
  };
  {
    std::ofstream old(path + ".1");
    for (int i = 0; i < 10; ++i) old << line("gone", i);
    std::ofstream out(path);
    for (int i = 0; i < 20000; ++i) out << line("pii", i);  // 5 MB
  }
  const auto size = std::filesystem::file_size(path);
  DaemonProcess daemon("examples: {per_metric: 2, file: " + path +
                       ", file_max_bytes: 1MiB, file_write_interval: 200ms}\n"
                       "metrics: [{name: pii, type: pii}, "
                       "{name: gone, type: refusal}]\n");
  EXPECT_EQ(WaitForExamples(daemon.port(), "pii", 2),
            (std::vector<std::string>{"pii19999", "pii19998"}));
  EXPECT_EQ(WaitForExamples(daemon.port(), "gone", 2),
            (std::vector<std::string>{"gone9", "gone8"}));
  EXPECT_TRUE(daemon.process().WaitForLog(
      "examples file: " + path + ".1 merged into " + path + " and removed",
      std::chrono::seconds(10)))
      << daemon.Log();
  EXPECT_NE(
      daemon.Log().find("examples file " + path + ": " + std::to_string(size) +
                        " bytes, more than examples.file_max_bytes; "
                        "reading its last 1048576"),
      std::string::npos)
      << daemon.Log();
  EXPECT_FALSE(std::filesystem::exists(path + ".1"));
  std::vector<json> lines = FileLines(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["event_id"], "gone8");
  EXPECT_EQ(lines[3]["event_id"], "pii19999");
  std::filesystem::remove_all(dir);
}

TEST(Examples, AFileThatCannotBeWrittenCostsOnlyTheCopyOnDisk) {
  const std::string events = FailingEvents("c", 3);
  DaemonProcess broken(
      "examples: {file: /nonexistent/dir/examples.jsonl, "
      "file_write_interval: 100ms}\n"
      "metrics: [{name: pii, type: pii}]\n");
  ASSERT_EQ(PostJson(broken.port(), "/v1/events", events).status, 202);
  EXPECT_TRUE(broken.WaitForSampleAtLeast(
      "micrometrics_examples_file_writes_total{result=\"failed\"}", 2));
  EXPECT_EQ(WaitForExamples(broken.port(), "pii", 3).size(), 3u);
  // Said once per run of failures, not at every attempt.
  const std::string said =
      "examples file: cannot create /nonexistent/dir/examples.jsonl.tmp: No "
      "such file or directory (examples will not survive a restart until "
      "this is fixed)";
  const std::string log = broken.Log();
  ASSERT_NE(log.find(said), std::string::npos) << log;
  EXPECT_EQ(log.find(said, log.find(said) + 1), std::string::npos) << log;

  // A directory where the file should be: not read, and said.
  const std::string dir = MakeTempDir("examples-dir");
  DaemonProcess directory("examples: {file: " + dir +
                          "}\nmetrics: [{name: pii, type: pii}]\n");
  EXPECT_TRUE(directory.process().WaitForLog(
      "examples file " + dir + ": not a regular file, not read",
      std::chrono::seconds(10)))
      << directory.Log();
  EXPECT_EQ(PostJson(directory.port(), "/v1/events", events).status, 202);
  std::filesystem::remove_all(dir);
}

TEST(Lifecycle, DeprecatedMetricsWarnAtLoadAndAreMarked) {
  DaemonProcess daemon(R"(
metrics:
  - {name: old_check, type: empty_output, stage: deprecated, owner: team-x,
     review_by: 2027-01-01}
)");
  EXPECT_NE(daemon.Log().find(
                "warning metric old_check is deprecated (owner team-x), review "
                "by 2027-01-01"),
            std::string::npos)
      << daemon.Log();
  EXPECT_EQ(daemon.Sample("micrometrics_metric_info{metric=\"old_check\","
                          "owner=\"team-x\",stage=\"deprecated\",type="
                          "\"empty_output\"}"),
            1);
}

}  // namespace
}  // namespace micrometrics::testing
