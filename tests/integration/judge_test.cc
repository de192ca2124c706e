// `type: judge` through the real binary, against an OpenAI-compatible
// endpoint scripted per case on 127.0.0.1: structured answers, retries that
// honour Retry-After, failures, a reply that does not parse, the breaker,
// the budget, the cache, sampling, the queue's bound and a reload that
// changes the rubric.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/http_receiver.h"
#include "tests/support/process.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;
using Reply = HttpReceiver::Reply;
using Request = HttpReceiver::Request;
using std::chrono::milliseconds;

// A chat completions answer whose content is `content`.
Reply Answer(const std::string& content, int in = 100, int out = 12) {
  Reply r;
  r.body = json{{"id", "chatcmpl-1"},
                {"object", "chat.completion"},
                {"choices",
                 {{{"index", 0},
                   {"message", {{"role", "assistant"}, {"content", content}}},
                   {"finish_reason", "stop"}}}},
                {"usage", {{"prompt_tokens", in}, {"completion_tokens", out}}}}
               .dump();
  return r;
}

Reply Verdict(const std::string& verdict, const std::string& reason) {
  return Answer(json{{"verdict", verdict}, {"reason", reason}}.dump());
}

// What the judge was shown: the user message of the request.
std::string Shown(const Request& r) {
  return json::parse(r.body)["messages"][1]["content"];
}

// A judge metric `answered` on the endpoint at `port`; `extra` goes under
// params, `endpoint_extra` under params.endpoint.
std::string JudgeConfig(
    int port, const std::string& extra = "",
    const std::string& endpoint_extra = "",
    const std::string& rubric = "Does the reply answer the question asked?") {
  return "metrics:\n"
         "  - name: answered\n"
         "    type: judge\n"
         "    params:\n"
         "      endpoint:\n"
         "        url: http://127.0.0.1:" +
         std::to_string(port) +
         "/v1/chat/completions\n"
         "        model: qwen2.5-7b-instruct\n" +
         (endpoint_extra.find("timeout:") == std::string::npos
              ? "        timeout: 2s\n"
              : "") +
         endpoint_extra + "      rubric: " + rubric +
         "\n"
         "      rubric_version: answered-v1\n" +
         (extra.find("sample:") == std::string::npos
              ? "      sample: {rate: 1}\n"
              : "") +
         extra;
}

json Event(const std::string& id, const std::string& output,
           const std::string& input = "Where is my refund?") {
  return {{"id", id},
          {"model", "gpt-4o"},
          {"prompt_version", "v42"},
          {"input", input},
          {"output", output}};
}

double Checks(DaemonProcess& d, const std::string& outcome) {
  return FindSample(d.Scrape(),
                    "micrometrics_checks_total{metric=\"answered\",outcome=\"" +
                        outcome + "\"}")
      .value_or(0);
}

bool WaitForChecks(DaemonProcess& d, const std::string& outcome, double n,
                   milliseconds timeout = milliseconds(15000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Checks(d, outcome) >= n) return Checks(d, outcome) == n;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

std::string Series(const std::string& name, const std::string& label = "",
                   const std::string& value = "") {
  // Labels sorted by name, as the daemon writes them.
  const std::string metric = "metric=\"answered\"";
  if (label.empty()) return name + "{" + metric + "}";
  const std::string other = label + "=\"" + value + "\"";
  return name + "{" +
         (label < "metric" ? other + "," + metric : metric + "," + other) + "}";
}

TEST(Judge, StructuredVerdictsAreCountedLikeAnyCheckWithTheirReasons) {
  HttpReceiver endpoint([](const Request& r, size_t) {
    return Shown(r).find("refund") != std::string::npos &&
                   Shown(r).find("Monday") != std::string::npos
               ? Verdict("pass", "It says when the refund was sent.")
               : Verdict("fail", "It talks about shipping, not the refund.");
  });
  const std::string dir = MakeTempDir("judge-key");
  WriteFile(dir + "/key", "sk-test-123\n");
  DaemonProcess keyed(
      JudgeConfig(endpoint.port(),
                  "      redact: [email]\n"
                  "      budget: {prices: {default: {input: 1, output: 2}}}\n",
                  "        api_key_file: " + dir + "/key\n"));
  const json events = json::array(
      {Event("e1", "Your refund was sent on Monday to jane@example.com."),
       Event("e2", "Shipping takes three to five days."),
       Event("e3", "We ship worldwide.")});
  ASSERT_EQ(PostJson(keyed.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(WaitForChecks(keyed, "fail", 2)) << keyed.Scrape();
  ASSERT_TRUE(WaitForChecks(keyed, "pass", 1)) << keyed.Scrape();

  const std::vector<Request> requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].target, "/v1/chat/completions");
  EXPECT_EQ(requests[0].authorization, "Bearer sk-test-123");
  json body = json::parse(requests[0].body);
  EXPECT_EQ(body["model"], "qwen2.5-7b-instruct");
  EXPECT_EQ(body["temperature"], 0.0);
  EXPECT_EQ(body["response_format"]["json_schema"]["schema"]["properties"]
                ["verdict"]["enum"],
            json({"pass", "fail", "unknown"}));
  bool redacted = false;
  for (const Request& r : requests) {
    EXPECT_EQ(r.body.find("jane@example.com"), std::string::npos)
        << "the address never leaves the sidecar";
    redacted = redacted || Shown(r).find("to [EMAIL].") != std::string::npos;
  }
  EXPECT_TRUE(redacted);

  const std::string text = keyed.Scrape();
  EXPECT_EQ(FindSample(text, Series("micrometrics_judge_requests_total",
                                    "result", "answered")),
            3);
  EXPECT_EQ(FindSample(text, Series("micrometrics_judge_events_total",
                                    "decision", "sampled")),
            3);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_judge_tokens_total{metric="
                       "\"answered\",type=\"input\"}"),
            300);
  // 300 input tokens at $1/M and 36 output tokens at $2/M.
  EXPECT_NEAR(*FindSample(text, Series("micrometrics_judge_cost_usd_total")),
              0.000372, 1e-9);
  EXPECT_EQ(FindSample(text,
                       "micrometrics_judge_request_duration_seconds_"
                       "count{metric=\"answered\"}"),
            3);
  EXPECT_EQ(FindSample(text, "micrometrics_events_processed_total"), 3)
      << "a judge's verdict does not count its event again";
  // The failing examples carry the judge's reason.
  json ex = json::parse(
      HttpCall(keyed.port(), "GET", "/api/v1/examples?metric=answered").body);
  ASSERT_EQ(ex["examples"].size(), 2u) << ex.dump();
  EXPECT_EQ(ex["examples"][0]["reason"],
            "It talks about shipping, not the refund.");
}

// Posts one event and waits until the daemon processed it.
void PostOne(DaemonProcess& d, const json& event, int nth) {
  ASSERT_EQ(PostJson(d.port(), "/v1/events", event.dump()).status, 202);
  ASSERT_TRUE(d.WaitForSample("micrometrics_events_processed_total", nth));
}

TEST(Judge, RetriesHonourRetryAfterAndWhatStillFailsIsAnError) {
  HttpReceiver endpoint([](const Request& r, size_t n) {
    Reply x;
    if (n == 0) {
      x.status = 429;
      x.headers = {{"Retry-After", "1"}};
      x.body = R"({"error": {"message": "Rate limit reached"}})";
      return x;
    }
    if (Shown(r).find("boom") != std::string::npos) {
      x.status = 503;
      return x;
    }
    return Verdict("pass", "It answers.");
  });
  DaemonProcess daemon(JudgeConfig(endpoint.port(), "      retries: 2\n"));
  PostOne(daemon, Event("e1", "Your refund was sent on Monday."), 1);
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 1));
  std::vector<Request> requests = endpoint.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_GE(requests[1].at - requests[0].at, milliseconds(950))
      << "Retry-After: 1 is waited for";

  // A 503 three times (one try, two retries): an error verdict.
  PostOne(daemon, Event("e2", "boom"), 2);
  ASSERT_TRUE(WaitForChecks(daemon, "error", 1));
  EXPECT_EQ(endpoint.requests().size(), 5u);
  const std::string text = daemon.Scrape();
  EXPECT_EQ(FindSample(text, Series("micrometrics_judge_requests_total",
                                    "result", "retried")),
            3);
  EXPECT_EQ(FindSample(text, Series("micrometrics_judge_requests_total",
                                    "result", "failed")),
            1);
  EXPECT_EQ(FindSample(text, Series("micrometrics_judge_requests_total",
                                    "result", "answered")),
            1);
  EXPECT_NE(daemon.Log().find("judge answered: call to http://127.0.0.1:" +
                              std::to_string(endpoint.port()) +
                              "/v1/chat/completions failed: HTTP 503 after 3 "
                              "attempts (1 failed so far)"),
            std::string::npos)
      << daemon.Log();
}

TEST(Judge, AnAnswerThatDoesNotParseIsAnErrorNeverAPassOrFail) {
  HttpReceiver endpoint([](const Request&, size_t n) {
    if (n == 0) return Answer("Yes, it answers the question.");
    Reply x;
    x.status = 401;
    x.body = R"({"error": {"message": "Incorrect API key provided"}})";
    return x;
  });
  DaemonProcess daemon(JudgeConfig(endpoint.port()));
  PostOne(daemon, Event("e1", "Your refund was sent on Monday."), 1);
  ASSERT_TRUE(WaitForChecks(daemon, "error", 1));
  // A 4xx is not retried.
  PostOne(daemon, Event("e2", "Shipping takes three days."), 2);
  ASSERT_TRUE(WaitForChecks(daemon, "error", 2));
  EXPECT_EQ(endpoint.requests().size(), 2u);
  const std::string text = daemon.Scrape();
  EXPECT_EQ(Checks(daemon, "pass") + Checks(daemon, "fail"), 0);
  EXPECT_EQ(FindSample(text, Series("micrometrics_judge_requests_total",
                                    "result", "unparsed")),
            1);
  EXPECT_EQ(FindSample(text, Series("micrometrics_judge_requests_total",
                                    "result", "rejected")),
            1);
  EXPECT_NE(daemon.Log().find("judge reply did not parse: the content is not "
                              "a JSON object"),
            std::string::npos)
      << daemon.Log();
}

TEST(Judge, TheBreakerOpensAfterFailuresInARowAndDropsUntilItsCooldown) {
  HttpReceiver endpoint({500});
  DaemonProcess daemon(JudgeConfig(
      endpoint.port(),
      "      retries: 0\n      breaker: {failures: 2, cooldown: 1h}\n"));
  PostOne(daemon, Event("e1", "one"), 1);
  ASSERT_TRUE(WaitForChecks(daemon, "error", 1));
  PostOne(daemon, Event("e2", "two"), 2);
  ASSERT_TRUE(WaitForChecks(daemon, "error", 2));
  PostOne(daemon, Event("e3", "three"), 3);
  PostOne(daemon, Event("e4", "four"), 4);
  ASSERT_TRUE(daemon.WaitForSample(
      Series("micrometrics_judge_dropped_total", "reason", "breaker_open"), 2));
  EXPECT_EQ(endpoint.requests().size(), 2u) << "no calls while open";
  EXPECT_EQ(daemon.Sample(Series("micrometrics_judge_breaker_state")), 1);
  EXPECT_EQ(Checks(daemon, "error"), 2) << "a dropped event has no verdict";
}

TEST(Judge, TheBudgetStopsTheCallsForTheRestOfTheHour) {
  HttpReceiver endpoint(
      [](const Request&, size_t) { return Verdict("pass", "ok"); });
  // Each answer reports 100 + 12 tokens: the second call ends the budget.
  DaemonProcess daemon(
      JudgeConfig(endpoint.port(), "      budget: {tokens_per_hour: 150}\n"));
  PostOne(daemon, Event("e1", "one"), 1);
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 1));
  PostOne(daemon, Event("e2", "two"), 2);
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 2));
  PostOne(daemon, Event("e3", "three"), 3);
  ASSERT_TRUE(daemon.WaitForSample(
      Series("micrometrics_judge_dropped_total", "reason", "budget"), 1));
  EXPECT_EQ(endpoint.requests().size(), 2u);
  EXPECT_EQ(daemon.Sample("micrometrics_judge_tokens_total{metric="
                          "\"answered\",type=\"output\"}"),
            24);
}

TEST(Judge, ARepeatedTextIsAnsweredFromTheCache) {
  HttpReceiver endpoint(
      [](const Request&, size_t) { return Verdict("fail", "No answer."); });
  DaemonProcess daemon(JudgeConfig(endpoint.port()));
  PostOne(daemon, Event("e1", "We ship worldwide."), 1);
  ASSERT_TRUE(WaitForChecks(daemon, "fail", 1));
  PostOne(daemon, Event("e2", "We ship worldwide."), 2);
  ASSERT_TRUE(WaitForChecks(daemon, "fail", 2));
  EXPECT_EQ(endpoint.requests().size(), 1u);
  EXPECT_EQ(daemon.Sample(Series("micrometrics_judge_events_total", "decision",
                                 "cached")),
            1);
  EXPECT_EQ(daemon.Sample(Series("micrometrics_judge_cache_entries")), 1);
}

TEST(Judge, SamplingIsByIdAndEachPromptVersionGetsItsMinimum) {
  HttpReceiver endpoint(
      [](const Request&, size_t) { return Verdict("pass", "ok"); });
  DaemonProcess daemon(JudgeConfig(endpoint.port(),
                                   "      sample: {rate: 0, stratum: "
                                   "prompt_version, min_per_stratum: 2}\n"));
  json events = json::array();
  for (int i = 0; i < 5; ++i) {
    events.push_back(
        Event("v42-" + std::to_string(i), "reply " + std::to_string(i)));
  }
  json v43 = Event("v43-0", "another reply");
  v43["prompt_version"] = "v43";
  events.push_back(v43);
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample(
      Series("micrometrics_judge_events_total", "decision", "stratum_minimum"),
      3));
  EXPECT_EQ(daemon.Sample(Series("micrometrics_judge_events_total", "decision",
                                 "not_sampled")),
            3);
  EXPECT_TRUE(endpoint.WaitForRequests(3, milliseconds(10000)));
  EXPECT_EQ(Checks(daemon, "skipped"), 0) << "not sampled is not a verdict";
}

TEST(Judge, AHangingEndpointNeverHoldsIngestAndTheQueueStaysBounded) {
  HttpReceiver endpoint(
      [](const Request&, size_t) { return Verdict("pass", "ok"); });
  endpoint.hang = true;
  DaemonProcess daemon(JudgeConfig(
      endpoint.port(), "      queue: {capacity: 1, concurrency: 1}\n",
      "        timeout: 60s\n"));
  json events = json::array();
  for (int i = 0; i < 4; ++i) {
    events.push_back(
        Event("e" + std::to_string(i), "reply " + std::to_string(i)));
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(daemon.WaitForSample("micrometrics_events_processed_total", 4))
      << "the workers never wait for the judge";
  ASSERT_TRUE(daemon.WaitForSample(
      Series("micrometrics_judge_dropped_total", "reason", "queue_full"), 2));
  EXPECT_EQ(daemon.Sample(Series("micrometrics_judge_in_flight")), 1);
  EXPECT_EQ(daemon.Sample(Series("micrometrics_judge_queue_depth")), 1);
  // Ingest goes on while the judge hangs.
  EXPECT_EQ(
      PostJson(daemon.port(), "/v1/events", Event("e9", "more").dump()).status,
      202);
  // SIGTERM does not wait for the judge either.
  daemon.process().Signal(SIGTERM);
  EXPECT_EQ(daemon.process().Wait(std::chrono::seconds(20)), 0);
  EXPECT_NE(daemon.Log().find("drained"), std::string::npos);
}

TEST(Judge,
     AReloadThatChangesTheRubricAsksAgainAndOneThatDoesNotKeepsTheCache) {
  HttpReceiver endpoint(
      [](const Request&, size_t) { return Verdict("pass", "ok"); });
  DaemonProcess daemon(JudgeConfig(endpoint.port()));
  PostOne(daemon, Event("e1", "Your refund was sent."), 1);
  ASSERT_TRUE(endpoint.WaitForRequests(1, milliseconds(10000)));
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 1));
  // The same config again: the judge and its cache stay.
  ASSERT_EQ(HttpCall(daemon.port(), "POST", "/-/reload").status, 200);
  PostOne(daemon, Event("e2", "Your refund was sent."), 2);
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 2));
  EXPECT_EQ(endpoint.requests().size(), 1u);
  // A new rubric is a new question: asked again, with the new words.
  WriteFile(daemon.config_path(),
            JudgeConfig(endpoint.port(), "", "",
                        "Did the reply give the refund's date?"));
  ASSERT_EQ(HttpCall(daemon.port(), "POST", "/-/reload").status, 200);
  PostOne(daemon, Event("e3", "Your refund was sent."), 3);
  ASSERT_TRUE(endpoint.WaitForRequests(2, milliseconds(10000)));
  EXPECT_EQ(Shown(endpoint.requests()[1]).substr(0, 47),
            "Question: Did the reply give the refund's date?");
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 1)) << "a changed metric starts "
                                                   "its counts afresh";
}

TEST(Judge, AnApiKeyFileThatCannotBeReadStopsTheStartAndFailsAReload) {
  HttpReceiver endpoint(
      [](const Request&, size_t) { return Verdict("pass", "ok"); });
  const std::string dir = MakeTempDir("judge-keys");
  const std::string config = JudgeConfig(
      endpoint.port(), "", "        api_key_file: " + dir + "/key\n");
  {
    const std::string path = dir + "/config.yaml";
    WriteFile(path, config);
    CommandResult r = RunCommand(
        {DaemonBinary(), "serve", "--config", path, "--listen", "127.0.0.1:0"},
        {}, true);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.errors.find("cannot start: metric answered: api_key_file " +
                            dir + "/key: No such file or directory"),
              std::string::npos)
        << r.errors;
  }
  WriteFile(dir + "/key", "sk-one\n");
  DaemonProcess daemon(config);
  PostOne(daemon, Event("e1", "one"), 1);
  ASSERT_TRUE(endpoint.WaitForRequests(1, milliseconds(10000)));
  EXPECT_EQ(endpoint.requests()[0].authorization, "Bearer sk-one");
  // A rotated key takes effect at the reload; an empty one fails it.
  WriteFile(dir + "/key", "sk-two\n");
  ASSERT_EQ(HttpCall(daemon.port(), "POST", "/-/reload").status, 200);
  PostOne(daemon, Event("e2", "two"), 2);
  ASSERT_TRUE(endpoint.WaitForRequests(2, milliseconds(10000)));
  EXPECT_EQ(endpoint.requests()[1].authorization, "Bearer sk-two");
  WriteFile(dir + "/key", "");
  auto failed = HttpCall(daemon.port(), "POST", "/-/reload");
  EXPECT_EQ(failed.status, 500);
  EXPECT_NE(failed.body.find("metric answered: api_key_file " + dir +
                             "/key is empty"),
            std::string::npos)
      << failed.body;
  EXPECT_EQ(daemon.Log().find("sk-one"), std::string::npos)
      << "a key is never logged";
  EXPECT_EQ(daemon.Log().find("sk-two"), std::string::npos);
}

TEST(Judge, PeoplesLabelsCalibrateTheJudgeWhicheverComesFirst) {
  HttpReceiver endpoint([](const Request& r, size_t) {
    return Shown(r).find("ship") != std::string::npos
               ? Verdict("fail", "About shipping.")
               : Verdict("pass", "Answers it.");
  });
  DaemonProcess daemon(JudgeConfig(endpoint.port()) +
                       "  - {name: refusal, type: refusal}\n");
  auto label = [&](const std::string& id, const std::string& said) {
    return json{{"event_id", id}, {"metric", "answered"}, {"label", said}};
  };
  // Two labels before their events were even judged.
  auto r =
      PostJson(daemon.port(), "/v1/feedback",
               json::array({label("e1", "fail"), label("e2", "pass")}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const json events = json::array(
      {Event("e1", "We ship on Mondays."), Event("e2", "We ship worldwide."),
       Event("e3", "Shipping: we ship in 3 days."),
       Event("e4", "Your refund was sent."), Event("e5", "Refund sent today."),
       Event("e6", "The refund is on its way.")});
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(WaitForChecks(daemon, "fail", 3));
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 3));
  r = PostJson(
      daemon.port(), "/v1/feedback",
      json::array(
          {label("e3", "fail"),
           label("e4", "pass"),
           label("e5", "fail"),
           label("e6", "pass"),
           label("e6", "maybe"),
           {{"event_id", "e4"}, {"metric", "refusal"}, {"label", "fail"}},
           {{"metric", "answered"}, {"label", "fail"}}})
          .dump());
  ASSERT_EQ(r.status, 200);
  json answer = json::parse(r.body);
  EXPECT_EQ(answer["accepted"], 4);
  EXPECT_EQ(answer["matched"], 4) << "the events' labels were known";
  ASSERT_EQ(answer["errors"].size(), 3u);
  EXPECT_EQ(answer["errors"][0]["error"], "label must be pass or fail");
  EXPECT_EQ(answer["errors"][1]["error"],
            "metric 'refusal' is not a judge: labels calibrate judge metrics");
  EXPECT_EQ(answer["errors"][2]["error"],
            "a label needs the event_id it is about");

  const std::string text = daemon.Scrape();
  auto pairs = [&](const std::string& human, const std::string& judge) {
    return FindSample(text, "micrometrics_judge_agreement_total{human=\"" +
                                human + "\",judge=\"" + judge +
                                "\",metric=\"answered\"}");
  };
  EXPECT_EQ(pairs("fail", "fail"), 2);  // e1, e3
  EXPECT_EQ(pairs("pass", "fail"), 1);  // e2
  EXPECT_EQ(pairs("fail", "pass"), 1);  // e5
  EXPECT_EQ(pairs("pass", "pass"), 2);  // e4, e6

  json metrics = json::parse(
      HttpCall(daemon.port(), "GET", "/api/v1/metrics").body)["metrics"];
  ASSERT_EQ(metrics[0]["name"], "answered");
  const json& c = metrics[0]["calibration"];
  EXPECT_EQ(c["n"], 6);
  EXPECT_NEAR(c["true_positive_rate"].get<double>(), 2.0 / 3, 1e-9);
  EXPECT_NEAR(c["true_negative_rate"].get<double>(), 2.0 / 3, 1e-9);
  // po = 4/6, pe = 0.5: kappa = 1/3.
  EXPECT_NEAR(c["kappa"].get<double>(), 1.0 / 3, 1e-9);
  EXPECT_NEAR(c["fail_rate"].get<double>(), 0.5, 1e-9);
  // (0.5 + 2/3 - 1) / (2/3 + 2/3 - 1) = 0.5.
  EXPECT_NEAR(c["corrected_fail_rate"].get<double>(), 0.5, 1e-9);
  EXPECT_FALSE(metrics[1].contains("calibration")) << "rules have none";
}

TEST(Judge, AJudgesVerdictsFeedAlertRulesUnderTheEventsLabels) {
  HttpReceiver endpoint([](const Request&, size_t) {
    return Verdict("fail", "It talks about shipping, not the refund.");
  });
  HttpReceiver webhook({200});
  const std::string config =
      "labels: [prompt_version]\n"
      "alerting: {evaluation_interval: 100ms}\n" +
      JudgeConfig(endpoint.port()) + "    stage: active\n" +
      "notifiers:\n  - {name: hook, type: webhook, url: "
      "'http://127.0.0.1:" +
      std::to_string(webhook.port()) +
      "/hook'}\n"
      "alerts:\n"
      "  - name: UnansweredQuestions\n"
      "    metric: answered\n"
      "    condition: fail_count > 2\n"
      "    window: 1m\n"
      "    group_by: [prompt_version]\n"
      "    notify: [hook]\n";
  DaemonProcess daemon(config);
  json events = json::array();
  for (int i = 0; i < 3; ++i) {
    events.push_back(Event("e" + std::to_string(i),
                           "We ship in " + std::to_string(i + 2) + " days."));
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(webhook.WaitForRequests(1, milliseconds(15000))) << daemon.Log();
  json sent = json::parse(webhook.bodies()[0]);
  EXPECT_EQ(sent["alerts"][0]["labels"]["alertname"], "UnansweredQuestions");
  EXPECT_EQ(sent["alerts"][0]["labels"]["prompt_version"], "v42");
  EXPECT_EQ(FindSample(daemon.Scrape(),
                       "micrometrics_checks_total{metric=\"answered\","
                       "outcome=\"fail\",prompt_version=\"v42\"}"),
            3);
}

TEST(Judge, ASlowEndpointTimesOutIntoAnError) {
  HttpReceiver endpoint([](const Request&, size_t) {
    Reply slow = Verdict("pass", "ok");
    slow.delay = milliseconds(3000);
    return slow;
  });
  DaemonProcess daemon(JudgeConfig(endpoint.port(), "      retries: 0\n",
                                   "        timeout: 300ms\n"));
  PostOne(daemon, Event("e1", "Your refund was sent."), 1);
  ASSERT_TRUE(WaitForChecks(daemon, "error", 1));
  EXPECT_EQ(daemon.Sample(Series("micrometrics_judge_requests_total", "result",
                                 "failed")),
            1);
  EXPECT_NE(daemon.Log().find("after 1 attempts (1 failed so far)"),
            std::string::npos)
      << daemon.Log();
}

TEST(Judge, AJudgeOfTheJudgedModelsFamilyIsWarnedAboutOnce) {
  HttpReceiver endpoint(
      [](const Request&, size_t) { return Verdict("pass", "ok"); });
  DaemonProcess daemon(JudgeConfig(endpoint.port()));
  json events = json::array();
  for (int i = 0; i < 2; ++i) {
    json e = Event("e" + std::to_string(i), "reply " + std::to_string(i));
    e["model"] = "Qwen/Qwen2.5-72B-Instruct";
    events.push_back(e);
  }
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(WaitForChecks(daemon, "pass", 2));
  const std::string warning =
      "judge answered: the judge model qwen2.5-7b-instruct is of the qwen "
      "family, like the judged model Qwen/Qwen2.5-72B-Instruct";
  const std::string log = daemon.Log();
  ASSERT_NE(log.find(warning), std::string::npos) << log;
  EXPECT_EQ(log.find(warning, log.find(warning) + 1), std::string::npos);
}

TEST(Judge, FlaggedByJudgesOnlyWhatAnotherMetricFailed) {
  HttpReceiver endpoint([](const Request&, size_t) {
    return Verdict("fail", "A refusal of a fair request.");
  });
  DaemonProcess daemon(
      JudgeConfig(endpoint.port(), "      flagged_by: [refusal]\n") +
      "  - {name: refusal, type: refusal}\n");
  const json events = json::array(
      {Event("e1", "I'm sorry, but I can't help with that request."),
       Event("e2", "Your refund was sent on Monday.")});
  ASSERT_EQ(PostJson(daemon.port(), "/v1/events", events.dump()).status, 202);
  ASSERT_TRUE(WaitForChecks(daemon, "fail", 1));
  ASSERT_TRUE(daemon.WaitForSample(
      Series("micrometrics_judge_events_total", "decision", "not_flagged"), 1));
  ASSERT_EQ(endpoint.requests().size(), 1u);
  EXPECT_NE(Shown(endpoint.requests()[0]).find("I'm sorry"), std::string::npos);
}

// An OpenAI-compatible endpoint over TLS: Python's http.server behind its
// ssl module, with a certificate openssl makes for localhost and 127.0.0.1.
// It writes the key headers it saw to DIR/seen.
constexpr const char* kTlsServer = R"(import http.server, json, ssl, sys
d = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["content-length"]))
        with open(d + "/seen", "a") as f:
            f.write("%s|%s\n" % (self.headers.get("api-key", ""),
                                 self.headers.get("authorization", "")))
        answer = json.dumps({"verdict": "pass", "reason": "It answers."})
        body = json.dumps({"choices": [{"message": {"content": answer}}]})
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(d + "/cert.pem", d + "/key.pem")
s.socket = ctx.wrap_socket(s.socket, server_side=True)
print("port=%d" % s.server_address[1], flush=True)
s.serve_forever()
)";

TEST(Judge, HttpsEndpointsAreCheckedAgainstTheirCertificate) {
  const std::string dir = MakeTempDir("judge-tls");
  CommandResult cert = RunCommand(
      {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
       dir + "/key.pem", "-out", dir + "/cert.pem", "-days", "1", "-subj",
       "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"},
      {}, true);
  ASSERT_EQ(cert.exit_code, 0) << cert.errors;
  WriteFile(dir + "/server.py", kTlsServer);
  ChildProcess server({"/usr/bin/python3", dir + "/server.py", dir},
                      dir + "/server.log");
  ASSERT_TRUE(server.WaitForLog("port=", std::chrono::seconds(10)))
      << server.Log();
  const std::string log = server.Log();
  const int port = std::stoi(log.substr(log.find("port=") + 5));
  auto https = [&](std::string config, const std::string& host) {
    config.replace(config.find("http://127.0.0.1"), 16, "https://" + host);
    return config;
  };
  WriteFile(dir + "/key", "azure-key-1\n");

  // A private CA (here the certificate itself), by IP and by name, the key
  // in Azure OpenAI's api-key header.
  DaemonProcess by_ip(
      https(JudgeConfig(port, "", "        ca_file: " + dir + "/cert.pem\n"),
            "127.0.0.1"));
  PostOne(by_ip, Event("e1", "Your refund was sent."), 1);
  ASSERT_TRUE(WaitForChecks(by_ip, "pass", 1)) << by_ip.Log();
  DaemonProcess by_name(
      https(JudgeConfig(port, "",
                        "        ca_file: " + dir +
                            "/cert.pem\n        api_key_file: " + dir +
                            "/key\n        api_key_header: api-key\n"),
            "localhost"));
  PostOne(by_name, Event("e1", "Your refund was sent."), 1);
  ASSERT_TRUE(WaitForChecks(by_name, "pass", 1)) << by_name.Log();
  const std::string seen = RunCommand({"cat", dir + "/seen"}).output;
  EXPECT_NE(seen.find("azure-key-1|\n"), std::string::npos) << seen;

  // The system's CAs do not know it: no verdict, an error that says why.
  DaemonProcess untrusted(
      https(JudgeConfig(port, "      retries: 0\n"), "127.0.0.1"));
  PostOne(untrusted, Event("e1", "Your refund was sent."), 1);
  ASSERT_TRUE(WaitForChecks(untrusted, "error", 1));
  EXPECT_NE(untrusted.Log().find("certificate verify failed"),
            std::string::npos)
      << untrusted.Log();
}

HttpReceiver ShippingJudge() {
  return HttpReceiver([](const Request& r, size_t) {
    return Shown(r).find("ship") != std::string::npos
               ? Verdict("fail", "About shipping.")
               : Verdict("pass", "Answers it.");
  });
}

TEST(Judge, ReplayAsksTheJudgeWithItsCache) {
  HttpReceiver endpoint = ShippingJudge();
  const std::string dir = MakeTempDir("judge-replay");
  WriteFile(dir + "/config.yaml", JudgeConfig(endpoint.port()));
  std::string lines;
  for (const json& e :
       {Event("a", "We ship worldwide."), Event("b", "Your refund was sent."),
        Event("c", "We ship worldwide."), Event("d", "We ship on Mondays.")}) {
    lines += e.dump() + "\n";
  }
  WriteFile(dir + "/events.jsonl", lines);
  CommandResult r =
      RunCommand({DaemonBinary(), "replay", "--config", dir + "/config.yaml",
                  "--format", "json", "--workers", "1", dir + "/events.jsonl"},
                 {}, true);
  ASSERT_EQ(r.exit_code, 0) << r.errors;
  json report = json::parse(r.output);
  const json& m = report["metrics"][0];
  EXPECT_EQ(m["metric"], "answered");
  EXPECT_EQ(m["evaluated"], 4);
  EXPECT_EQ(m["fails"], 3);
  EXPECT_EQ(endpoint.requests().size(), 3u) << "the repeated text is cached";
  EXPECT_NE(r.errors.find("judge answered: 3 asked, 1 from the cache, 336 "
                          "tokens ($0.0000); not asked: 0 not sampled, 0 "
                          "over the budget, 0 with the breaker open"),
            std::string::npos)
      << r.errors;
}

TEST(Judge, CalibrateMeasuresAgreementWithPeopleBeforeItPages) {
  HttpReceiver endpoint = ShippingJudge();
  const std::string dir = MakeTempDir("judge-calibrate");
  WriteFile(dir + "/config.yaml", JudgeConfig(endpoint.port()));
  std::string lines;
  const std::pair<const char*, const char*> rows[] = {
      {"We ship on Mondays.", "fail"},
      {"We ship worldwide.", "pass"},
      {"Shipping: we ship in 3 days.", "fail"},
      {"Your refund was sent.", "pass"},
      {"Refund sent today.", "fail"},
      {"The refund is on its way.", "pass"}};
  int i = 0;
  for (const auto& [output, label] : rows) {
    json e = Event("e" + std::to_string(i++), output);
    e["label"] = label;
    lines += e.dump() + "\n";
  }
  WriteFile(dir + "/labelled.jsonl", lines);
  const std::vector<std::string> command = {
      DaemonBinary(),         "judge-calibrate", "--config",
      dir + "/config.yaml",   "--metric",        "answered",
      dir + "/labelled.jsonl"};
  CommandResult table = RunCommand(command, {}, true);
  ASSERT_EQ(table.exit_code, 0) << table.errors;
  EXPECT_NE(table.output.find("  6 labelled events: 6 judged, 0 unknown, 0 "
                              "errors, 0 not asked (budget or breaker)\n"
                              "  judge fail, people fail: 2    judge fail, "
                              "people pass: 1\n"
                              "  judge pass, people fail: 1    judge pass, "
                              "people pass: 2\n"
                              "  true positive rate 0.667 (2/3), true "
                              "negative rate 0.667 (2/3)\n"
                              "  Cohen's kappa 0.333 (n=6)\n"
                              "  fail rate: judge 0.500, people 0.500, judge "
                              "corrected 0.500\n"),
            std::string::npos)
      << table.output;

  std::vector<std::string> gated = command;
  gated.insert(gated.end() - 1, {"--format", "json", "--min-kappa", "0.5"});
  CommandResult json_run = RunCommand(gated, {}, true);
  EXPECT_EQ(json_run.exit_code, 1);
  EXPECT_EQ(json_run.errors, "kappa 0.333 is below --min-kappa 0.500\n");
  json report = json::parse(json_run.output);
  EXPECT_EQ(report["n"], 6);
  EXPECT_NEAR(report["kappa"].get<double>(), 1.0 / 3, 1e-9);
  EXPECT_EQ(report["pairs"]["judge_fail_human_pass"], 1);

  WriteFile(dir + "/bad.jsonl", Event("x", "hi").dump() + "\n");
  CommandResult bad = RunCommand(
      {DaemonBinary(), "judge-calibrate", "--config", dir + "/config.yaml",
       "--metric", "answered", dir + "/bad.jsonl"},
      {}, true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.errors, dir +
                            "/bad.jsonl:1: \"label\" must be \"pass\" or "
                            "\"fail\"\n");
}

}  // namespace
}  // namespace micrometrics::testing
