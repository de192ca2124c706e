// The command line of the real binary: check-config, exit codes, messages.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using namespace std::chrono_literals;

TEST(CheckConfig, ValidFileExitsZero) {
  std::string dir = MakeTempDir("cli");
  WriteFile(dir + "/ok.yaml", "metrics: [{name: e, type: empty_output}]\n");
  CommandResult r =
      RunCommand({DaemonBinary(), "check-config", dir + "/ok.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, dir + "/ok.yaml: OK (1 metrics)\n");
}

TEST(CheckConfig, ErrorsSayFileLineColumnAndExitTwo) {
  std::string dir = MakeTempDir("cli");
  std::string path = dir + "/bad.yaml";
  WriteFile(path,
            "metrics:\n"
            "  - name: emails\n"
            "    type: regex\n"
            "    params: {pattern: 'a(b'}\n");
  CommandResult r = RunCommand({DaemonBinary(), "check-config", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, path +
                          ":4:23: metric 'emails': params.pattern: bad regex: "
                          "missing ): a(b\n");
}

TEST(CheckConfig, ADirectoryOrAnEmptyFileIsAnErrorAtStartAndInCheckConfig) {
  const std::string dir = MakeTempDir("cli");
  CommandResult d = RunCommand({DaemonBinary(), "check-config", dir});
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_EQ(d.output, dir + ":1:1: is a directory, not a config file\n");
  WriteFile(dir + "/empty.yaml", "");
  CommandResult e =
      RunCommand({DaemonBinary(), "check-config", dir + "/empty.yaml"});
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(e.output, dir +
                          "/empty.yaml:1:1: the config is empty; write "
                          "`metrics: []` to run with no metrics\n");
  CommandResult s = RunCommand({DaemonBinary(), "serve", "--config", dir});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.output.find("--config: File is actually a directory: " + dir),
            std::string::npos)
      << s.output;
  WriteFile(dir + "/none.yaml", "metrics: []\n");
  CommandResult n =
      RunCommand({DaemonBinary(), "check-config", dir + "/none.yaml"});
  EXPECT_EQ(n.exit_code, 0) << n.output;
  EXPECT_EQ(n.output, dir + "/none.yaml: OK (0 metrics)\n");
}

TEST(CheckConfig, TheExampleConfigInDeployIsValid) {
  CommandResult r = RunCommand({DaemonBinary(), "check-config",
                                std::string(MICROMETRICS_SOURCE_DIR) +
                                    "/deploy/micrometrics.example.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(Serve, BadConfigExitsTwoWithTheLocation) {
  std::string dir = MakeTempDir("cli");
  WriteFile(dir + "/bad.yaml", "server:\n  listen: nowhere\n");
  CommandResult r =
      RunCommand({DaemonBinary(), "serve", "--config", dir + "/bad.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(dir + "/bad.yaml:2:11: server.listen: expected "
                                "HOST:PORT, got 'nowhere'"),
            std::string::npos)
      << r.output;
}

TEST(Serve, UnknownFlagIsAUsageError) {
  CommandResult r = RunCommand({DaemonBinary(), "--frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Serve, VersionPrintsTheVersion) {
  CommandResult r = RunCommand({DaemonBinary(), "--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("micrometricsd ", 0), 0u) << r.output;
}

TEST(Serve, BuiltInDefaultConfigServesAndExitsCleanlyOnSigint) {
  ChildProcess p({DaemonBinary(), "--listen", "127.0.0.1:0"},
                 MakeTempDir("cli") + "/log");
  ASSERT_TRUE(p.WaitForLog("(config <default>, 8 metrics", 10s)) << p.Log();
  p.Signal(SIGINT);
  EXPECT_EQ(p.Wait(10s), 0) << p.Log();
  EXPECT_NE(p.Log().find("received SIGINT"), std::string::npos);
}

TEST(Serve, TheDefaultPackAlertsOnFailingCallsWithoutAnyConfig) {
  ChildProcess p({DaemonBinary(), "--listen", "127.0.0.1:0"},
                 MakeTempDir("cli") + "/log");
  ASSERT_TRUE(p.WaitForLog("4 alert rules", 10s)) << p.Log();
  std::smatch m;
  const std::string log = p.Log();
  ASSERT_TRUE(std::regex_search(log, m, std::regex("127\\.0\\.0\\.1:(\\d+)")));
  const int port = std::stoi(m[1]);
  std::string batch = "[";
  for (int i = 0; i < 25; ++i) {
    batch += std::string(i ? "," : "") +
             R"({"model":"gpt-x","status":"error","error_type":"timeout"})";
  }
  ASSERT_EQ(PostJson(port, "/v1/events", batch + "]").status, 202);
  // The first evaluation (every 15 s) finds 25 of 25 calls failed: pending
  // for its 2 minutes, logged, and shown.
  ASSERT_TRUE(
      p.WaitForLog("alert LLMCallsFailing model=gpt-x: inactive -> "
                   "pending (value 1)",
                   20s))
      << p.Log();
  const auto alerts = nlohmann::json::parse(
      HttpCall(port, "GET", "/api/v1/alerts").body)["alerts"];
  ASSERT_EQ(alerts.size(), 4u);
  EXPECT_EQ(alerts[2]["name"], "LLMCallsFailing");
  EXPECT_EQ(alerts[2]["groups"][0]["state"], "pending");
}

TEST(Serve, SighupDoesNotKillTheDaemon) {
  ChildProcess p({DaemonBinary(), "--listen", "127.0.0.1:0"},
                 MakeTempDir("cli") + "/log");
  ASSERT_TRUE(p.WaitForLog("listening on", 10s));
  p.Signal(SIGHUP);
  ASSERT_TRUE(p.WaitForLog("received SIGHUP", 5s)) << p.Log();
  EXPECT_TRUE(p.running());
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(10s), 0);
}

TEST(Serve, NoTokenMeansLoopbackOnlyUnlessInsecureIsAskedFor) {
  CommandResult r =
      RunCommand({DaemonBinary(), "serve", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("refusing to listen on 0.0.0.0:0 without "
                          "server.auth.ingest_token_file"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("--insecure-listen-any"), std::string::npos);
}

TEST(Serve, PortInUseIsAClearStartupError) {
  ChildProcess first({DaemonBinary(), "--listen", "127.0.0.1:0"},
                     MakeTempDir("cli") + "/log");
  ASSERT_TRUE(first.WaitForLog("listening on", 10s));
  std::string log = first.Log();
  std::string port = log.substr(log.find("127.0.0.1:") + 10);
  port = port.substr(0, port.find(' '));
  CommandResult r =
      RunCommand({DaemonBinary(), "--listen", "127.0.0.1:" + port});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("cannot start"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace micrometrics::testing
