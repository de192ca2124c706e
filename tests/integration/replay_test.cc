// `micrometricsd replay` through the real binary on generated JSONL built
// from real German and English text: an injected regression (prompt version
// v42 answers German users in English 10% of the time) is found and gates
// CI; no difference passes; bad lines are counted with their numbers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/process.h"
#include "tests/support/tsv.h"

namespace micrometrics::testing {
namespace {

using json = nlohmann::json;

struct Texts {
  std::vector<std::string> de, en;
};

const Texts& Corpus() {
  static const Texts texts = [] {
    Texts t;
    for (const auto& row : ReadTsv3(std::string(MICROMETRICS_SOURCE_DIR) +
                                    "/tests/testdata/language/corpus.tsv")) {
      if (row[1] != "long") continue;
      if (row[0] == "de") t.de.push_back(row[2]);
      if (row[0] == "en") t.en.push_back(row[2]);
    }
    return t;
  }();
  return texts;
}

// 2 x `per_version` events of German users. v42 answers every tenth in
// English when `regression` (with an e-mail address in the reply).
std::string Events(int per_version, bool regression) {
  const Texts& t = Corpus();
  std::string out;
  int n = 0;
  for (int i = 0; i < per_version; ++i) {
    for (const char* version : {"v41", "v42"}) {
      const bool english =
          regression && std::string(version) == "v42" && i % 10 == 0;
      std::string reply = english
                              ? t.en[static_cast<size_t>(i) % t.en.size()] +
                                    " Write to anna.schmidt@example.com."
                              : t.de[static_cast<size_t>(i + 7) % t.de.size()];
      json event = {{"id", "req-" + std::to_string(n++)},
                    {"model", "gpt-x"},
                    {"prompt_version", version},
                    {"locale", "de-DE"},
                    {"input", t.de[static_cast<size_t>(i) % t.de.size()]},
                    {"output", reply}};
      out += event.dump() + "\n";
    }
  }
  return out;
}

json Comparison(const json& report, const std::string& metric) {
  for (const auto& c : report["compare"]["metrics"]) {
    if (c["metric"] == metric) return c;
  }
  return nullptr;
}

TEST(Replay, FindsAnInjectedRegressionAndFailsTheGate) {
  const std::string dir = MakeTempDir("replay");
  WriteFile(dir + "/events.jsonl", Events(1000, true));
  CommandResult r =
      RunCommand({DaemonBinary(), "replay", "--compare",
                  "prompt_version=v41,v42", "--fail-on", "regression",
                  "--fail-on", "reply_language>0.01", "--by", "prompt_version",
                  "--format", "json", "--examples", "2", dir + "/events.jsonl"},
                 {}, true);
  EXPECT_EQ(r.exit_code, 1) << r.errors;
  json report = json::parse(r.output);
  EXPECT_EQ(report["input"]["events"], 2000);
  EXPECT_EQ(report["input"]["bad_lines"], 0);

  json c = Comparison(report, "reply_language");
  ASSERT_FALSE(c.is_null()) << report.dump(2);
  EXPECT_EQ(c["verdict"], "worse");
  EXPECT_EQ(c["a"]["fails"], 0) << "German replies are never failed";
  EXPECT_GE(c["b"]["fails"].get<int>(), 95);
  EXPECT_LE(c["b"]["fails"].get<int>(), 100);
  EXPECT_GT(c["ci"][0].get<double>(), 0.07);
  EXPECT_LT(c["p_value"].get<double>(), 1e-6);
  // The same replies with an e-mail: pii_in_reply is worse as well, and
  // nothing else is.
  for (const auto& m : report["compare"]["metrics"]) {
    if (m["metric"] != "reply_language" && m["metric"] != "pii_in_reply") {
      // Metrics that skip every event here (no latency, no finish reason)
      // have no data to compare.
      EXPECT_EQ(m["verdict"],
                m["a"]["evaluated"] == 0 ? "no data" : "no clear difference")
          << m.dump();
    }
  }
  ASSERT_EQ(report["gates"].size(), 2u);
  EXPECT_FALSE(report["gates"][0]["passed"]);
  EXPECT_EQ(report["gates"][0]["detail"],
            "clearly worse: reply_language, pii_in_reply");
  EXPECT_FALSE(report["gates"][1]["passed"]);

  // Per segment: v42's row carries the fails.
  int segments = 0;
  for (const auto& row : report["metrics"]) {
    if (row["metric"] != "reply_language" || row["segment"].empty()) continue;
    ++segments;
    EXPECT_EQ(row["events"], 1000);
    if (row["segment"]["prompt_version"] == "v41") {
      EXPECT_EQ(row["fails"], 0);
    }
  }
  EXPECT_EQ(segments, 2);

  // The first two failing events, redacted.
  const json& examples = report["examples"]["reply_language"];
  ASSERT_EQ(examples.size(), 2u);
  EXPECT_EQ(examples[0]["line"], 2) << "line 2 is v42's first event";
  EXPECT_EQ(examples[0]["id"], "req-1");
  EXPECT_EQ(
      examples[0]["reason"].get<std::string>().rfind("expected de, got en", 0),
      0u);
  const std::string text = examples[0]["text"];
  EXPECT_NE(text.find("[EMAIL]"), std::string::npos) << text;
  EXPECT_EQ(text.find("anna.schmidt"), std::string::npos) << text;
  EXPECT_EQ(examples[1]["line"], 22);
}

TEST(Replay, NoDifferencePassesAndMarkdownIsReadyForAPullRequest) {
  const std::string dir = MakeTempDir("replay-same");
  WriteFile(dir + "/events.jsonl", Events(500, false));
  CommandResult r =
      RunCommand({DaemonBinary(), "replay", "--compare",
                  "prompt_version=v41,v42", "--fail-on", "regression",
                  "--format", "markdown", dir + "/events.jsonl"},
                 {}, true);
  EXPECT_EQ(r.exit_code, 0) << r.output << r.errors;
  EXPECT_NE(r.output.find("All gates passed."), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("| reply_language | 0.00% (0/500) | 0.00% (0/500) |"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("**worse**"), std::string::npos);

  // The regression again, in Markdown.
  WriteFile(dir + "/bad.jsonl", Events(500, true));
  r = RunCommand(
      {DaemonBinary(), "replay", "--compare", "prompt_version=v41,v42",
       "--fail-on", "regression", "--format", "markdown", dir + "/bad.jsonl"},
      {}, true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("**Gate failed.**"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("| **worse** |"), std::string::npos) << r.output;
}

TEST(Replay, BadLinesAreCountedWithTheirNumbersGzipAndStdinWork) {
  const std::string dir = MakeTempDir("replay-bad");
  std::string lines = Events(20, false);
  // Lines 3, 6 and 9 are broken; line 12 is blank (skipped, not bad).
  std::vector<std::string> split;
  for (size_t at = 0, nl; (nl = lines.find('\n', at)) != std::string::npos;
       at = nl + 1) {
    split.push_back(lines.substr(at, nl - at));
  }
  split[2] = "{not json";
  split[5] = R"([{"output":"a"},{"output":"b"}])";
  split[8] = R"({"output":"x","turn":-3})";
  split[11] = "";
  std::string text;
  for (const auto& l : split) text += l + "\n";
  WriteFile(dir + "/events.jsonl", text);
  ASSERT_EQ(RunCommand({"gzip", "-k", dir + "/events.jsonl"}).exit_code, 0);

  for (const std::string& input :
       {dir + "/events.jsonl", dir + "/events.jsonl.gz"}) {
    CommandResult r = RunCommand(
        {DaemonBinary(), "replay", "--format", "json", input}, {}, true);
    ASSERT_EQ(r.exit_code, 0) << r.errors;
    json report = json::parse(r.output);
    EXPECT_EQ(report["input"]["lines"], 40);
    EXPECT_EQ(report["input"]["events"], 36);
    EXPECT_EQ(report["input"]["bad_lines"], 3);
    const json& bad = report["input"]["bad_line_samples"];
    ASSERT_EQ(bad.size(), 3u);
    EXPECT_EQ(bad[0]["line"], 3);
    EXPECT_EQ(bad[1]["line"], 6);
    EXPECT_EQ(bad[1]["error"],
              "expected one event (a JSON object) per line, got 2");
    EXPECT_EQ(bad[2]["line"], 9);
    EXPECT_NE(r.errors.find(input + ":3: "), std::string::npos) << r.errors;
    EXPECT_NE(r.errors.find(input + ":9: field 'turn'"), std::string::npos)
        << r.errors;
  }

  CommandResult piped = RunCommand(
      {DaemonBinary(), "replay", "--format", "json", "-"}, text, true);
  ASSERT_EQ(piped.exit_code, 0) << piped.errors;
  EXPECT_EQ(json::parse(piped.output)["input"]["events"], 36);

  CommandResult strict = RunCommand(
      {DaemonBinary(), "replay", "--strict", dir + "/events.jsonl"}, {}, true);
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.errors.find("stopped at the first bad line (--strict)"),
            std::string::npos)
      << strict.errors;
}

TEST(Replay, UsageAndInputErrorsExitWith2AndSayWhy) {
  const std::string dir = MakeTempDir("replay-usage");
  WriteFile(dir + "/events.jsonl", Events(5, false));
  const std::string file = dir + "/events.jsonl";
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  WriteFile(dir + "/bad.yaml", "metrics:\n  - {name: x, type: nope}\n");
  const std::vector<Case> cases = {
      {{"--fail-on", "nonsense"},
       "--fail-on: expected METRIC>RATE or 'regression', got 'nonsense'"},
      {{"--fail-on", "reply_language>2"},
       "--fail-on 'reply_language>2': the rate must be a fraction from 0 to "
       "1, e.g. 0.01"},
      {{"--fail-on", "regression"}, "--fail-on regression needs --compare"},
      {{"--fail-on", "nope>0.1"}, "--fail-on 'nope>0.1': no metric 'nope'"},
      {{"--compare", "prompt_version=v1"}, "--compare: expected FIELD=A,B"},
      {{"--compare", "prompt_version=v41,v99"},
       "--compare: no events with prompt_version=v99"},
      {{"--by", "colour"}, "--by: unknown event field 'colour'"},
      {{"--config", dir + "/bad.yaml"}, dir + "/bad.yaml:2:21: metric 'x'"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {DaemonBinary(), "replay"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    argv.push_back(file);
    CommandResult r = RunCommand(argv, {}, true);
    EXPECT_EQ(r.exit_code, 2) << c.args[0] << ": " << r.output << r.errors;
    EXPECT_NE(r.errors.find(c.error), std::string::npos)
        << "expected '" << c.error << "' in: " << r.errors;
  }
  CommandResult missing =
      RunCommand({DaemonBinary(), "replay", dir + "/nope.jsonl"}, {}, true);
  EXPECT_EQ(missing.exit_code, 2);
  CommandResult empty = RunCommand({DaemonBinary(), "replay", "-"}, "", true);
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.errors.find("-: no events"), std::string::npos)
      << empty.errors;
}

}  // namespace
}  // namespace micrometrics::testing
