// `type: judge` through the real binary, against an OpenAI-compatible
// endpoint scripted per case on 127.0.0.1: structured answers, retries that
// honour Retry-After, failures, a reply that does not parse, the breaker,
// the budget, the cache, sampling, the queue's bound and a reload that
// changes the rubric.
#include <gtest/gtest.h>

#include <chrono>
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
         "        model: qwen2.5-7b-instruct\n"
         "        timeout: 2s\n" +
         endpoint_extra + "      rubric: " + rubric +
         "\n"
         "      rubric_version: answered-v1\n"
         "      sample: {rate: 1}\n" +
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

}  // namespace
}  // namespace micrometrics::testing
