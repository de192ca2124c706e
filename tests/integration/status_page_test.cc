// The status page at / in a real browser: headless Chromium (Debian's
// chromium) driven by puppeteer-core (tests/browser/status_page.mjs) against
// the real binary, after events with hostile text and a firing alert.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// Markup, attribute breakers, a script URL and a control character: all of
// it must come out as the text it is.
const char* kNaughty[] = {
    "<script>alert('output')</script>",
    "\"><img src=x onerror=alert('img')>",
    "' onmouseover='alert(1)' x='",
    "</pre></article><b>bold</b><h6>heading</h6>",
    "<svg onload=alert('svg')><iframe src=javascript:alert(1)>",
    "tab\there \u0001 control &amp; already escaped",
};

const char* kConfig = R"(
labels: [prompt_version, route]
alerting: {evaluation_interval: 100ms}
metrics:
  - name: truncated
    type: truncation
    owner: chat-team
    review_by: 2026-01-01
    description: Replies cut off by the token limit
  - {name: empty, type: empty_output, stage: shadow}
alerts:
  - name: Truncation
    metric: truncated
    condition: fail_count > 5
    window: 5m
    group_by: [route]
    severity: page
)";

TEST(StatusPage, RendersInChromiumWithTextStayingTextAndNothingFromElsewhere) {
  DaemonProcess daemon(kConfig);
  json batch = json::array();
  // support: 6 of 12 cut off (fires the alert, the worst label set).
  for (int i = 0; i < 12; ++i) {
    batch.push_back({{"output", "Sure, here is how"},
                     {"prompt_version", "support-v42"},
                     {"route", "support"},
                     {"finish_reason", i < 6 ? "length" : "stop"}});
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 12));
  // Then hostile text in replies (kept as examples) and in label values.
  batch = json::array();
  for (const char* text : kNaughty) {
    batch.push_back({{"output", text},
                     {"prompt_version", std::string("v\"><b>1</b>")},
                     {"route", "<h6>route</h6>"},
                     {"finish_reason", "length"}});
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", batch.dump()).status, 202);
  // Bad UTF-8 never gets in: the event is refused, the page stays whole.
  EXPECT_EQ(PostJson(daemon.port(), "/v1/events",
                     "{\"output\":\"raw \xff\xfe\",\"route\":\"x\"}")
                .status,
            400);
  ASSERT_TRUE(daemon.WaitForSample(
      "micrometrics_alert_state{alertname=\"Truncation\",state=\"firing\"}",
      2));

  const std::string root = MICROMETRICS_SOURCE_DIR;
  const std::string shots =
      std::string(MICROMETRICS_BINARY_DIR) + "/Testing/status_page";
  std::filesystem::create_directories(shots);
  CommandResult r = RunCommand(
      {"node", root + "/tests/browser/status_page.mjs",
       std::to_string(daemon.port()), shots, root + "/.cache/puppeteer"},
      {}, true);
  ASSERT_EQ(r.exit_code, 0) << r.output << r.errors;
  const json page = json::parse(r.output);
  std::cout << "screenshots: " << shots << "/status_page.png, " << shots
            << "/status_page_phone.png\n";

  EXPECT_EQ(page["status"], 200);
  EXPECT_NE(page["csp"].get<std::string>().find("default-src 'none'"),
            std::string::npos);
  // Nothing ran, nothing was injected, nothing came from elsewhere, no
  // error of any kind in the console (CSP violations show there too).
  EXPECT_EQ(page["ran"], json::array());
  EXPECT_EQ(page["scripts"], 0);
  EXPECT_EQ(page["images"], 0);
  EXPECT_EQ(page["injected"], 0);
  EXPECT_EQ(page["foreign"], json::array()) << page["requests"];
  EXPECT_EQ(page["errors"], json::array());
  EXPECT_EQ(page["console"], json::array());
  EXPECT_TRUE(page["stylesheetLoaded"]);
  EXPECT_EQ(page["title"], "(2 firing) micrometrics");

  const json& health = page["health"];
  EXPECT_EQ(health["status"], "ready");
  EXPECT_EQ(health["evaluated"], "18");
  EXPECT_EQ(health["rejected"], "1");
  EXPECT_EQ(health["workers"], "2");
  EXPECT_NE(health["config"].get<std::string>().find("config.yaml"),
            std::string::npos);

  ASSERT_EQ(page["metrics"].size(), 2u);
  const json& truncated = page["metrics"][0]["cells"];
  EXPECT_EQ(truncated[0], "truncatedReplies cut off by the token limit");
  EXPECT_EQ(truncated[1], "truncation");
  EXPECT_EQ(truncated[2], "active");
  EXPECT_EQ(truncated[3], "chat-team");
  EXPECT_EQ(truncated[4], "2026-01-01 (overdue)");
  EXPECT_EQ(truncated[5], "67%12 of 18");
  EXPECT_TRUE(page["metrics"][0]["overdue"]);
  EXPECT_EQ(page["metrics"][0]["bars"], 1);
  EXPECT_EQ(truncated[7],
            "prompt_version=support-v42 route=support 50% (6/12)");
  EXPECT_EQ(page["metrics"][1]["cells"][2], "shadow");

  ASSERT_EQ(page["alerts"].size(), 2u) << page["alerts"];
  for (const json& a : page["alerts"]) {
    EXPECT_EQ(a[0], "firing");
    EXPECT_EQ(a[1], "Truncation page");
    EXPECT_EQ(a[5], "truncated: fail_count > 5");
  }
  EXPECT_EQ(page["alerts"][0][2].get<std::string>() +
                page["alerts"][1][2].get<std::string>(),
            "route=<h6>route</h6>route=support");

  // The newest three failing examples, the hostile text as text.
  ASSERT_EQ(page["examples"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const json& e = page["examples"][i];
    EXPECT_EQ(e["reason"], "finish_reason length");
    EXPECT_NE(e["meta"].get<std::string>().find(
                  "prompt_version=v\"><b>1</b> route=<h6>route</h6>"),
              std::string::npos);
  }
  // Each exactly as sent (the control character as U+FFFD); the workers
  // decide which three are the newest.
  std::set<std::string> sent(std::begin(kNaughty), std::end(kNaughty));
  sent.erase("tab\there \u0001 control &amp; already escaped");
  sent.insert("tab\there \xEF\xBF\xBD control &amp; already escaped");
  std::set<std::string> shown;
  for (const json& e : page["examples"]) {
    EXPECT_TRUE(sent.contains(e["text"].get<std::string>())) << e["text"];
    shown.insert(e["text"].get<std::string>());
  }
  EXPECT_EQ(shown.size(), 3u);

  for (const char* link : {"/metrics", "/api/v1/metrics", "/api/v1/alerts"}) {
    EXPECT_NE(std::find(page["links"].begin(), page["links"].end(), link),
              page["links"].end())
        << link;
  }
  // A phone screen: nothing wider than the screen.
  EXPECT_LE(page["phone"]["scrollWidth"], page["phone"]["clientWidth"]);
}

TEST(StatusPage, IsBehindTheMetricsTokenAndExamplesBehindTheAdminToken) {
  const std::string dir = MakeTempDir("status-tokens");
  WriteFile(dir + "/metrics", "scrape\n");
  WriteFile(dir + "/admin", "admin\n");
  DaemonProcess daemon("server: {auth: {metrics_token_file: " + dir +
                       "/metrics, admin_token_file: " + dir + "/admin}}\n" +
                       kConfig);
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events",
                     R"({"output":"secret reply","route":"r",)"
                     R"("finish_reason":"length"})")
                .status,
            202);
  for (int i = 0; i < 200; ++i) {
    HttpReply m = HttpCall(daemon.port(), "GET", "/metrics", {}, {},
                           {{"Authorization", "Bearer scrape"}});
    if (FindSample(m.body, "micrometrics_events_processed_total") == 1) break;
    std::this_thread::sleep_for(20ms);
  }
  HttpReply none = HttpCall(daemon.port(), "GET", "/");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.body, R"({"error":"missing or wrong bearer token"})");
  // The stylesheet and icon are not secret; a browser fetches them without
  // the token.
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/status.css").status, 200);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/favicon.svg").status, 200);

  HttpReply scrape = HttpCall(daemon.port(), "GET", "/", {}, {},
                              {{"Authorization", "Bearer scrape"}});
  EXPECT_EQ(scrape.status, 200);
  EXPECT_EQ(scrape.body.find("secret reply"), std::string::npos);
  EXPECT_NE(scrape.body.find("Examples need the admin token"),
            std::string::npos);
  // The admin token opens the page too, with the examples.
  HttpReply admin = HttpCall(daemon.port(), "GET", "/", {}, {},
                             {{"Authorization", "Bearer admin"}});
  EXPECT_EQ(admin.status, 200);
  EXPECT_NE(admin.body.find("secret reply"), std::string::npos);
  EXPECT_EQ(HttpCall(daemon.port(), "GET", "/", {}, {},
                     {{"Authorization", "Bearer wrong"}})
                .status,
            401);
}

}  // namespace
}  // namespace micrometrics::testing
