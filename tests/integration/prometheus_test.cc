// A real Prometheus (Debian's prometheus package) scrapes the real daemon;
// the test asks Prometheus's HTTP API for the value.
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

// Sends 7 events (3 truncated) to `daemon`, points a real Prometheus at it
// with `scrape_extra` in the job, and checks what Prometheus stored.
void ScrapeAndQuery(DaemonProcess& daemon, const std::string& scrape_extra) {
  std::string batch = "[";
  for (int i = 0; i < 7; ++i) {
    if (i) batch += ",";
    batch += json{{"output", "..."},
                  {"prompt_version", "v42"},
                  {"finish_reason", i < 3 ? "length" : "stop"}}
                 .dump();
  }
  batch += "]";
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch).status, 202);

  PrometheusProcess prometheus(
      "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
      "scrape_configs:\n"
      "  - job_name: micrometrics\n" +
      scrape_extra + "    static_configs: [{targets: ['127.0.0.1:" +
      std::to_string(daemon.port()) + "']}]\n");
  const int prom_port = prometheus.port();

  const std::string query =
      "/api/v1/query?query=micrometrics_checks_total%7Bmetric%3D%22truncated%"
      "22%2Coutcome%3D%22fail%22%7D";
  json result;
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    HttpReply r = HttpCall(prom_port, "GET", query);
    ASSERT_EQ(r.status, 200) << r.body;
    result = json::parse(r.body)["data"]["result"];
    if (!result.empty()) break;
    std::this_thread::sleep_for(250ms);
  }
  ASSERT_EQ(result.size(), 1u) << result.dump() << prometheus.Log();
  EXPECT_EQ(result[0]["metric"]["prompt_version"], "v42");
  EXPECT_EQ(result[0]["metric"]["job"], "micrometrics");
  EXPECT_EQ(result[0]["value"][1], "3");

  // The scrape itself is healthy: up == 1.
  HttpReply up = HttpCall(prom_port, "GET", "/api/v1/query?query=up");
  EXPECT_EQ(json::parse(up.body)["data"]["result"][0]["value"][1], "1");
}

const char* kConfig = R"(
labels: [prompt_version]
metrics:
  - name: truncated
    type: truncation
)";

TEST(Prometheus, ScrapesChecksTotalFromTheDaemon) {
  // Prometheus asks for gzip: this is the compressed exposition.
  DaemonProcess daemon(kConfig);
  ScrapeAndQuery(daemon, "");
}

TEST(Prometheus, ScrapesWithTheMetricsTokenFromACredentialsFile) {
  const std::string dir = MakeTempDir("metrics-token");
  WriteFile(dir + "/token", "scrape-me\n");
  DaemonProcess daemon("server: {auth: {metrics_token_file: " + dir +
                       "/token}}\n" + kConfig);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/metrics").status, 401);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/api/v1/alerts").status, 401);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/healthz").status, 200);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/metrics", {}, {},
                     {{"Authorization", "Bearer scrape-me"}})
                .status,
            200);
  ScrapeAndQuery(daemon,
                 "    authorization: {credentials_file: " + dir + "/token}\n");
}

}  // namespace
}  // namespace micrometrics::testing
