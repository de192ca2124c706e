// POST /v1/feedback through the real binary: joined to the event's labels
// by event id and by conversation id, expiring, unknown ids counted.
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

TEST(Feedback, JoinsByEventAndConversationExpiresAndCountsUnknowns) {
  DaemonProcess daemon(R"(
labels: [prompt_version]
feedback: {max_entries: 1000, ttl: 1s}
metrics: [{name: e, type: empty_output}]
)");
  json events = json::array({{{"id", "req-1"},
                              {"conversation_id", "conv-1"},
                              {"prompt_version", "v42"},
                              {"output", "Hallo"}},
                             {{"id", "req-2"},
                              {"conversation_id", "conv-2"},
                              {"prompt_version", "v41"},
                              {"output", "Hi"}}});
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 2));

  json feedback = json::array(
      {{{"event_id", "req-1"}, {"kind", "thumbs_down"}},
       {{"conversation_id", "conv-2"}, {"kind", "escalated"}, {"value", 1}},
       {{"event_id", "req-999"}, {"kind", "thumbs_down"}},
       {{"event_id", "req-1"}, {"kind", "angry"}}});
  HttpReply r = PostJson(daemon.port(), "/v1/feedback", feedback.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["accepted"], 3);
  EXPECT_EQ(body["matched"], 2);
  EXPECT_EQ(body["errors"][0]["index"], 3);
  EXPECT_EQ(body["errors"][0]["error"],
            "kind must be one of thumbs_up, thumbs_down, escalated, "
            "resolved, regenerated");

  std::string text = daemon.Scrape();
  EXPECT_EQ(FindSample(text,
                       "micrometrics_feedback_total{kind=\"thumbs_down\","
                       "prompt_version=\"v42\"}"),
            1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_feedback_total{kind=\"escalated\","
                       "prompt_version=\"v41\"}"),
            1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_feedback_unmatched_total{kind="
                       "\"thumbs_down\"}"),
            1);

  // After the TTL the event is forgotten: feedback counts as unmatched.
  std::this_thread::sleep_for(1200ms);
  r = PostJson(daemon.port(), "/v1/feedback",
               R"({"event_id":"req-1","kind":"thumbs_up"})");
  EXPECT_EQ(json::parse(r.body)["matched"], 0);
  EXPECT_EQ(daemon.Sample("micrometrics_feedback_unmatched_total{kind="
                          "\"thumbs_up\"}"),
            1);

  EXPECT_EQ(PostJson(daemon.port(), "/v1/feedback", "{nope").status, 400);
  EXPECT_EQ(
      PostJson(daemon.port(), "/v1/feedback", R"({"kind":"resolved"})").status,
      400);
  CommandResult lint =
      RunCommand({"promtool", "check", "metrics"}, daemon.Scrape());
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
}

// docs/API.md: every evaluated event can be joined by a later feedback,
// whether it came through /v1/events or was checked with /v1/check. A check
// with record=false is not remembered.
TEST(Feedback, JoinsAnEventCheckedWithV1Check) {
  DaemonProcess daemon(R"(
labels: [prompt_version]
metrics: [{name: e, type: empty_output}]
)");
  HttpReply r = PostJson(daemon.port(), "/v1/check",
                         R"({"id":"chk-1","conversation_id":"conv-9",)"
                         R"("prompt_version":"v7","output":"Hallo"})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = PostJson(daemon.port(), "/v1/check?record=false",
               R"({"id":"chk-2","prompt_version":"v8","output":"Hallo"})");
  ASSERT_EQ(r.status, 200) << r.body;

  json feedback =
      json::array({{{"event_id", "chk-1"}, {"kind", "thumbs_down"}},
                   {{"conversation_id", "conv-9"}, {"kind", "regenerated"}},
                   {{"event_id", "chk-2"}, {"kind", "thumbs_down"}}});
  r = PostJson(daemon.port(), "/v1/feedback", feedback.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["matched"], 2) << r.body;
  std::string text = daemon.Scrape();
  EXPECT_EQ(FindSample(text,
                       "micrometrics_feedback_total{kind=\"thumbs_down\","
                       "prompt_version=\"v7\"}"),
            1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_feedback_total{kind=\"regenerated\","
                       "prompt_version=\"v7\"}"),
            1);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_feedback_unmatched_total{kind="
                       "\"thumbs_down\"}"),
            1);
}

TEST(Feedback, FeedsAlertRulesOnTheShareOfAKind) {
  DaemonProcess daemon(R"(
labels: [prompt_version]
alerting: {evaluation_interval: 100ms}
metrics: [{name: e, type: empty_output}]
alerts:
  - name: ThumbsDownShare
    metric: feedback:thumbs_down
    condition: fail_rate > 0.5
    min_events: 4
    group_by: [prompt_version]
)");
  json events = json::array();
  for (int i = 0; i < 5; ++i) {
    events.push_back({{"id", "req-" + std::to_string(i)},
                      {"prompt_version", "v42"},
                      {"output", "Hallo"}});
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 5));
  json feedback = json::array();
  for (int i = 0; i < 5; ++i) {
    feedback.push_back({{"event_id", "req-" + std::to_string(i)},
                        {"kind", i < 4 ? "thumbs_down" : "thumbs_up"}});
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/feedback", feedback.dump()).status,
            200);
  ASSERT_TRUE(
      daemon.process().WaitForLog("alert ThumbsDownShare prompt_version=v42: "
                                  "inactive -> firing (value 0.8)",
                                  10s))
      << daemon.Log();
}

}  // namespace
}  // namespace micrometrics::testing
