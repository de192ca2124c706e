#include "config/config.h"

#include <gtest/gtest.h>

#include "metrics/evaluators/judge.h"

namespace micrometrics::config {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  ConfigTest() { metrics::RegisterBuiltinEvaluators(registry_); }

  Config Parse(const std::string& yaml) {
    return ParseConfig(yaml, "test.yaml", registry_);
  }
  // The error message for a config that must fail.
  std::string Error(const std::string& yaml) {
    try {
      Parse(yaml);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }

  metrics::EvaluatorRegistry registry_;
};

TEST_F(ConfigTest, LoadsEveryKeyOfAFullConfig) {
  Config c = Parse(R"(
server:
  listen: 0.0.0.0:9700
  metrics_listen: "[::1]:9701"
  max_body_bytes: 512KiB
  read_timeout: 1m30s
  threads: 4
pipeline:
  workers: 3
  queue_capacity: 100
  queue_max_bytes: 64MiB
  queue_high_water: 0.5
labels: [model, prompt_version, turn, attributes.experiment]
label_limits: {max_values: 50, max_sets: 2000}
metrics:
  - name: reply_has_email
    type: regex
    description: An e-mail address in the reply
    owner: privacy-team
    stage: shadow
    review_by: 2027-03-01
    when: {route: [support, billing], channel: voice}
    sample: 0.5
    params: {pattern: '@'}
)");
  EXPECT_EQ(c.source, "test.yaml");
  EXPECT_EQ(c.server.listen.host, "0.0.0.0");
  EXPECT_EQ(c.server.listen.port, 9700);
  ASSERT_TRUE(c.server.metrics_listen);
  EXPECT_EQ(c.server.metrics_listen->host, "::1");
  EXPECT_EQ(c.server.metrics_listen->ToString(), "[::1]:9701");
  EXPECT_EQ(c.server.max_body_bytes, 512u * 1024);
  EXPECT_EQ(c.server.read_timeout, std::chrono::seconds(90));
  EXPECT_EQ(c.server.threads, 4);
  EXPECT_EQ(c.pipeline.workers, 3);
  EXPECT_EQ(c.pipeline.queue_capacity, 100u);
  EXPECT_EQ(c.pipeline.queue_max_bytes, 64u << 20);
  EXPECT_EQ(c.pipeline.queue_high_water, 0.5);
  EXPECT_EQ(c.labels,
            (std::vector<std::string>{"model", "prompt_version", "turn",
                                      "attributes.experiment"}));
  EXPECT_EQ(c.label_max_values, 50u);
  EXPECT_EQ(c.label_max_sets, 2000u);
  ASSERT_EQ(c.metrics.size(), 1u);
  const auto& m = c.metrics[0];
  EXPECT_EQ(m.name, "reply_has_email");
  EXPECT_EQ(m.type, "regex");
  EXPECT_EQ(m.owner, "privacy-team");
  EXPECT_EQ(m.stage, metrics::Stage::kShadow);
  EXPECT_EQ(m.review_by, "2027-03-01");
  EXPECT_EQ(m.sample, 0.5);
  ASSERT_EQ(m.when.fields.size(), 2u);
  EXPECT_EQ(m.when.fields[1].first, "channel");
  EXPECT_EQ(m.when.fields[1].second, std::vector<std::string>{"voice"});
  ASSERT_TRUE(m.evaluator);
}

TEST_F(ConfigTest, BuiltInDefaultConfigIsValid) {
  Config c = ParseConfig(DefaultConfigYaml(), "<default>", registry_);
  EXPECT_EQ(c.server.listen.ToString(), "127.0.0.1:9650");
  EXPECT_EQ(c.metrics.size(), 8u);
  // Day-one alerts, sent nowhere until a notifier is added.
  std::vector<std::string> rules;
  for (const auto& a : c.alerts) {
    rules.push_back(a.name);
    EXPECT_TRUE(a.notify.empty()) << a.name;
    EXPECT_GT(a.min_events, 0u) << a.name << ": a few events never page";
  }
  EXPECT_EQ(rules, (std::vector<std::string>{
                       "ReplyLanguageMismatch", "ReplyLanguageRegression",
                       "LLMCallsFailing", "SlowFirstTokens"}));
  EXPECT_TRUE(c.notifiers.empty());
}

TEST_F(ConfigTest, AnEmptyConfigIsAnErrorAndNoMetricsMustBeSaid) {
  // A truncated write or an emptied ConfigMap must not drop every series.
  const std::string want =
      "test.yaml:1:1: the config is empty; write `metrics: []` to run with "
      "no metrics";
  EXPECT_EQ(Error(""), want);
  EXPECT_EQ(Error("# all commented out\n"), want);
  EXPECT_EQ(Error("server: {listen: 127.0.0.1:1}\n"),
            "test.yaml:1:1: no `metrics:` section; write `metrics: []` to run "
            "with no metrics");
  Config c = Parse("metrics: []\n");
  EXPECT_EQ(c.server.listen.port, 9650);
  EXPECT_TRUE(c.metrics.empty());
}

TEST_F(ConfigTest, ADirectoryIsNotAConfigFile) {
  try {
    LoadConfigFile("/tmp", registry_);
    FAIL() << "a directory must not load";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "/tmp:1:1: is a directory, not a config file");
  }
}

TEST_F(ConfigTest, FleetSettingsAndValueBuckets) {
  const std::string metrics = R"(
metrics:
  - {name: ttft, type: latency, params: {field: ttft_ms, max_ms: 800}}
  - {name: len, type: length, value_buckets: [10, 100, 1000], params: {max: 60}}
alerts:
  - {name: Slow, metric: ttft, condition: "value_p95 > 800"}
  - {name: Long, metric: len, condition: "value_p99 > 500"}
)";
  Config sidecar = Parse(metrics);
  EXPECT_EQ(sidecar.alerting.sent_by, AlertingConfig::SentBy::kSidecar);
  EXPECT_EQ(sidecar.server.new_series_zero_for.count(), 0);
  // Derived around the threshold; given ones get the threshold added.
  EXPECT_EQ(sidecar.metrics[0].value_buckets,
            (std::vector<double>{200, 400, 800, 1600, 3200}));
  EXPECT_EQ(sidecar.metrics[1].value_buckets,
            (std::vector<double>{10, 100, 500, 1000}));

  Config fleet = Parse("alerting: {sent_by: prometheus}\n" + metrics);
  EXPECT_EQ(fleet.alerting.sent_by, AlertingConfig::SentBy::kPrometheus);
  EXPECT_EQ(fleet.server.new_series_zero_for, std::chrono::minutes(1));
  Config set = Parse(
      "alerting: {sent_by: prometheus}\nserver: {new_series_zero_for: 15s}\n" +
      metrics);
  EXPECT_EQ(set.server.new_series_zero_for, std::chrono::seconds(15));

  EXPECT_EQ(Error("alerting: {sent_by: pager}\nmetrics: []\n"),
            "test.yaml:1:21: alerting.sent_by: expected sidecar or "
            "prometheus, got 'pager'");
  EXPECT_EQ(Error("server: {new_series_zero_for: 2h}\nmetrics: []\n"),
            "test.yaml:1:31: server.new_series_zero_for: expected a duration "
            "up to 1h like 1m, got '2h'");
  EXPECT_EQ(Error("metrics:\n  - {name: l, type: length, params: {max: 1}, "
                  "value_buckets: [5, "
                  "3]}\n"),
            "test.yaml:2:66: metric 'l': value_buckets: must increase; '3' is "
            "not above the bound before it");
  EXPECT_EQ(Error("metrics:\n  - {name: l, type: length, params: {max: 1}, "
                  "value_buckets: []}\n"),
            "test.yaml:2:62: metric 'l': value_buckets: expected a list of 1 "
            "to 64 increasing numbers, like [100, 250, 500, 1000]");
}

TEST_F(ConfigTest, EvaluationResultsExport) {
  Config c = Parse(R"(
metrics: [{name: cut, type: truncation}]
otlp:
  evaluation_results:
    endpoint: http://127.0.0.1:4318/v1/logs
    encoding: json
    metrics: [cut]
    sample: {pass: 0.01}
    max_batch: 100
    max_delay: 2s
)");
  const auto& e = c.otlp.evaluation_results;
  EXPECT_EQ(e.endpoint, "http://127.0.0.1:4318/v1/logs");
  EXPECT_TRUE(e.json);
  EXPECT_EQ(e.metrics, std::vector<std::string>{"cut"});
  EXPECT_EQ(e.sample, (std::array<double, 4>{0.01, 1, 0, 1}));
  EXPECT_EQ(e.max_batch, 100u);
  EXPECT_EQ(e.max_delay, std::chrono::seconds(2));
  EXPECT_EQ(Error("metrics: [{name: cut, type: truncation}]\n"
                  "otlp: {evaluation_results: {endpoint: x}}\n"),
            "test.yaml:2:39: otlp.evaluation_results.endpoint: must start "
            "with http:// or https://");
  EXPECT_EQ(Error("metrics: [{name: cut, type: truncation}]\n"
                  "otlp: {evaluation_results: {endpoint: http://h, metrics: "
                  "[nope]}}\n"),
            "test.yaml:2:59: otlp.evaluation_results.metrics: no metric "
            "named 'nope'");
  EXPECT_EQ(Error("metrics: []\notlp: {evaluation_results: {endpoint: "
                  "http://h, encoding: xml}}\n"),
            "test.yaml:2:59: otlp.evaluation_results.encoding: expected "
            "protobuf or json, got 'xml'");
}

TEST_F(ConfigTest, UnknownKeyIsReportedAtTheKey) {
  EXPECT_EQ(Error("server:\n  listen: 127.0.0.1:1\n  max_body: 4MiB\n"),
            "test.yaml:3:3: unknown key 'server.max_body' (expected one of: "
            "listen, metrics_listen, max_body_bytes, read_timeout, threads, "
            "max_connections, memory_budget, new_series_zero_for, auth)");
  EXPECT_EQ(Error("alertz: []\n"),
            "test.yaml:1:1: unknown key 'alertz' (expected one of: server, "
            "pipeline, labels, label_limits, metrics, alerting, notifiers, "
            "alerts, feedback, otlp, examples)");
}

TEST_F(ConfigTest, WrongTypesAndValuesAreReportedAtTheValue) {
  EXPECT_EQ(Error("pipeline:\n  workers: many\n"),
            "test.yaml:2:12: pipeline.workers: expected an integer, got "
            "'many'");
  EXPECT_EQ(Error("pipeline:\n  workers: 0\n"),
            "test.yaml:2:12: pipeline.workers: must be between 1 and 256, "
            "got 0");
  EXPECT_EQ(Error("server: {read_timeout: soon}\n"),
            "test.yaml:1:24: server.read_timeout: expected a duration like "
            "10s, got 'soon'");
  EXPECT_EQ(Error("server: {max_body_bytes: 4 MiBs}\n"),
            "test.yaml:1:26: server.max_body_bytes: expected a size between 1 "
            "and 1GiB like 4MiB, got '4 MiBs'");
  EXPECT_EQ(Error("labels: model\n"),
            "test.yaml:1:9: labels: expected a list of event fields");
}

TEST_F(ConfigTest, UnknownMetricTypeListsTheKnownOnes) {
  std::string known;
  for (const auto& t : registry_.TypeNames()) {
    known += (known.empty() ? "" : ", ") + t;
  }
  EXPECT_EQ(Error("metrics:\n  - name: a\n    type: sentiment\n"),
            "test.yaml:3:11: metric 'a': unknown metric type 'sentiment' "
            "(known: " +
                known + ")");
  EXPECT_NE(known.find("regex"), std::string::npos);
}

TEST_F(ConfigTest, BadRegexIsReportedAtThePattern) {
  EXPECT_EQ(Error("metrics:\n  - name: a\n    type: regex\n    params:\n"
                  "      pattern: '[a-'\n"),
            "test.yaml:5:16: metric 'a': params.pattern: bad regex: missing "
            "]: [a-");
}

TEST_F(ConfigTest, DuplicatesAreRefused) {
  EXPECT_EQ(Error("metrics:\n  - {name: a, type: empty_output}\n"
                  "  - {name: a, type: truncation}\n"),
            "test.yaml:3:12: duplicate metric name 'a'");
  EXPECT_EQ(Error("server:\n  threads: 1\n  threads: 2\n"),
            "test.yaml:3:3: duplicate key 'server.threads'");
  EXPECT_EQ(Error("labels: [model, model]\n"),
            "test.yaml:1:17: labels: duplicate label 'model'");
}

TEST_F(ConfigTest, MetricNamesAndLabelsAreChecked) {
  EXPECT_EQ(Error("metrics:\n  - {name: Reply-Lang, type: empty_output}\n"),
            "test.yaml:2:12: metric name 'Reply-Lang' must match "
            "[a-z][a-z0-9_]*");
  EXPECT_EQ(Error("labels: [id]\n"),
            "test.yaml:1:10: labels: 'id' would give every event its own "
            "series; use a bounded field");
  EXPECT_EQ(Error("labels: [colour]\n"),
            "test.yaml:1:10: labels: unknown event field 'colour' (use a "
            "field such as model, prompt_version, route, tenant, locale, "
            "channel, turn, or attributes.KEY)");
  EXPECT_EQ(Error("metrics:\n  - {name: a, type: empty_output, when: "
                  "{colour: [red]}}\n"),
            "test.yaml:2:42: metric 'a': when: unknown event field 'colour' "
            "(use a field such as model, prompt_version, route, tenant, "
            "locale, channel, turn, or attributes.KEY)");
  EXPECT_EQ(Error("metrics:\n  - {name: a, type: empty_output, sample: 2}\n"),
            "test.yaml:2:43: metric 'a': sample: must be between 0 and 1, got "
            "2");
  EXPECT_EQ(Error("metrics:\n  - {name: a, type: empty_output, stage: beta}\n"),
            "test.yaml:2:42: metric 'a': stage must be shadow, active or "
            "deprecated, got 'beta'");
}

TEST_F(ConfigTest, YamlSyntaxErrorsHaveTheirLocation) {
  EXPECT_EQ(Error("server: [\n"),
            "test.yaml:2:1: end of sequence flow not found");
}

TEST_F(ConfigTest, MissingFileIsAConfigError) {
  try {
    LoadConfigFile("/nonexistent/micrometrics.yaml", registry_);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(
        e.what(),
        "/nonexistent/micrometrics.yaml:1:1: cannot read the file: No such "
        "file or directory");
  }
}

TEST_F(ConfigTest, TheDocumentedExampleConfigLoads) {
  Config c = LoadConfigFile(std::string(MICROMETRICS_SOURCE_DIR) +
                                "/deploy/micrometrics.example.yaml",
                            registry_);
  EXPECT_FALSE(c.metrics.empty());
}

TEST_F(ConfigTest, LoadsAlertsAndNotifiers) {
  Config c = Parse(R"(
metrics: [{name: reply_language, type: language_match}]
alerting: {evaluation_interval: 5s, resend_interval: 30s}
notifiers:
  - {name: oncall, type: alertmanager, url: 'http://127.0.0.1:9093'}
  - {name: chat, type: webhook, url: 'http://127.0.0.1:8080/hook', slack: true}
alerts:
  - name: ReplyLanguageMismatch
    metric: reply_language
    condition: fail_rate > 0.02
    window: 5m
    min_events: 50
    for: 2m
    keep_firing_for: 5m
    group_by: [prompt_version]
    severity: page
    annotations: {summary: "{{ $labels.prompt_version }} at {{ $value }}"}
    notify: [oncall, chat]
  - name: LanguageRegression
    metric: reply_language
    condition: fail_rate > 2 * baseline
    baseline: {label: prompt_version}
    group_by: [route]
    confidence: 0.99
)");
  EXPECT_EQ(c.alerting.evaluation_interval, std::chrono::seconds(5));
  ASSERT_EQ(c.notifiers.size(), 2u);
  EXPECT_TRUE(c.notifiers[1].slack);
  ASSERT_EQ(c.alerts.size(), 2u);
  const auto& a = c.alerts[0];
  EXPECT_EQ(a.name, "ReplyLanguageMismatch");
  EXPECT_EQ(a.condition.threshold, 0.02);
  EXPECT_EQ(a.min_events, 50u);
  EXPECT_EQ(a.for_duration, std::chrono::minutes(2));
  EXPECT_EQ(a.keep_firing_for, std::chrono::minutes(5));
  EXPECT_EQ(a.notify, (std::vector<std::string>{"oncall", "chat"}));
  EXPECT_EQ(a.annotations[0].second,
            "{{ $labels.prompt_version }} at {{ $value }}");
  EXPECT_EQ(c.alerts[1].baseline.label, "prompt_version");
  EXPECT_EQ(c.alerts[1].confidence, 0.99);
}

TEST_F(ConfigTest, AlertErrorsNameTheirPlace) {
  const std::string head =
      "metrics: [{name: m, type: empty_output}]\n"
      "notifiers: [{name: oncall, url: 'http://127.0.0.1:9093'}]\nalerts:\n";
  EXPECT_EQ(Error(head + "  - {name: A, metric: nope, condition: fail_rate > "
                         "0.1}\n"),
            "test.yaml:4:23: alert 'A': no metric named 'nope'");
  EXPECT_EQ(
      Error(head + "  - {name: A, metric: m, condition: fail_rate > 5}\n"),
      "test.yaml:4:37: alert 'A': condition: a fail rate is between 0 "
      "and 1");
  EXPECT_EQ(Error(head + "  - {name: A, metric: m, condition: fail_rate > 0.1, "
                         "notify: [pager]}\n"),
            "test.yaml:4:63: alert 'A': no notifier named 'pager'");
  EXPECT_EQ(Error(head + "  - {name: A, metric: m, condition: fail_rate > 2 * "
                         "baseline}\n"),
            "test.yaml:4:37: alert 'A': the condition compares with a "
            "baseline; add baseline: {label: prompt_version} or {window: "
            "24h}");
  EXPECT_EQ(Error("notifiers: [{name: x, url: 'ftp://example.com'}]\n"),
            "test.yaml:1:28: notifier 'x': url must start with http:// or "
            "https://");
}

TEST(Durations, ParseCompoundDurations) {
  EXPECT_EQ(ParseDuration("10s"), std::chrono::seconds(10));
  EXPECT_EQ(ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(ParseDuration("1m30s"), std::chrono::seconds(90));
  EXPECT_EQ(ParseDuration("2h"), std::chrono::hours(2));
  EXPECT_EQ(ParseDuration("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_FALSE(ParseDuration("10"));
  EXPECT_FALSE(ParseDuration("s"));
  EXPECT_FALSE(ParseDuration(""));
}

TEST(Sizes, ParseBinaryAndDecimalUnits) {
  EXPECT_EQ(ParseSize("4MiB"), 4u << 20);
  EXPECT_EQ(ParseSize("512KiB"), 512u << 10);
  EXPECT_EQ(ParseSize("1GB"), 1000000000u);
  EXPECT_EQ(ParseSize("65536"), 65536u);
  EXPECT_FALSE(ParseSize("4 parsecs"));
  EXPECT_FALSE(ParseSize("MiB"));
}

TEST(ListenAddress, ParsesHostPortAndIpv6) {
  auto a = ParseListenAddress("127.0.0.1:9650");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 9650);
  EXPECT_EQ(ParseListenAddress("[::]:80")->host, "::");
  EXPECT_EQ(ParseListenAddress("localhost:0")->port, 0);
  EXPECT_FALSE(ParseListenAddress("9650"));
  EXPECT_FALSE(ParseListenAddress("host:70000"));
  EXPECT_FALSE(ParseListenAddress(":80"));
}

TEST_F(ConfigTest, ExamplesSectionWithDefaultsAndErrors) {
  Config d = Parse("metrics: []\n");
  EXPECT_EQ(d.examples.per_metric, 20u);
  EXPECT_EQ(d.examples.max_chars, 300u);
  EXPECT_TRUE(d.examples.file.empty());
  Config c = Parse(
      "metrics: []\nexamples: {per_metric: 5, max_chars: 80, file: "
      "/tmp/x.jsonl, file_max_bytes: 1MiB}\n");
  EXPECT_EQ(c.examples.per_metric, 5u);
  EXPECT_EQ(c.examples.max_chars, 80u);
  EXPECT_EQ(c.examples.file, "/tmp/x.jsonl");
  EXPECT_EQ(c.examples.file_max_bytes, 1024u * 1024u);
  EXPECT_EQ(Error("examples: {max_chars: 5}\n"),
            "test.yaml:1:23: examples.max_chars: must be between 20 and "
            "100000, got 5");
  EXPECT_EQ(Error("examples: {file_max_bytes: 10}\n"),
            "test.yaml:1:28: examples.file_max_bytes: expected a size of at "
            "least 4KiB like 64MiB, got '10'");
  EXPECT_EQ(d.examples.file_write_interval, std::chrono::seconds(10));
  EXPECT_EQ(Parse("metrics: []\nexamples: {file_write_interval: 1m}\n")
                .examples.file_write_interval,
            std::chrono::minutes(1));
  EXPECT_EQ(Error("examples: {file_write_interval: 10ms}\n"),
            "test.yaml:1:33: examples.file_write_interval: at least 100ms");
  Config dated =
      Parse("metrics: [{name: m, type: empty_output, created: 2026-01-31}]\n");
  EXPECT_EQ(dated.metrics[0].created, "2026-01-31");
  EXPECT_EQ(Error("metrics: [{name: m, type: empty_output, created: "
                  "yesterday}]\n"),
            "test.yaml:1:50: metric 'm': created must be a date like "
            "2027-03-01, got 'yesterday'");
}

}  // namespace
}  // namespace micrometrics::config

namespace micrometrics::config {
namespace {

class JudgeConfigTest : public ::testing::Test {
 protected:
  JudgeConfigTest() { metrics::RegisterBuiltinEvaluators(registry_); }
  std::string Error(const std::string& yaml) {
    try {
      ParseConfig(yaml, "test.yaml", registry_);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }
  metrics::EvaluatorRegistry registry_;
};

constexpr const char* kJudge = R"(metrics:
  - name: answered
    type: judge
    params:
      endpoint:
        url: http://127.0.0.1:8080/v1/chat/completions
        model: qwen2.5-7b-instruct
        timeout: 5s
      rubric: Does the reply answer the question the user asked?
      rubric_version: answered-v1
)";

TEST_F(JudgeConfigTest, AJudgeIsAShadowMetricWithCheckedParams) {
  Config c = ParseConfig(std::string(kJudge) + R"(      redact: [email, card]
      sample: {rate: 0.05, by: conversation, stratum: prompt_version,
               min_per_stratum: 20}
      queue: {capacity: 50, concurrency: 3}
      budget:
        tokens_per_day: 2000000
        usd_per_day: 5
        prices: {default: {input: 0.1, output: 0.4},
                 qwen2.5-7b-instruct: {input: 0.05, output: 0.2}}
      retries: 1
      breaker: {failures: 3, cooldown: 1m}
      cache: {entries: 100}
)",
                         "test.yaml", registry_);
  ASSERT_EQ(c.metrics.size(), 1u);
  EXPECT_EQ(c.metrics[0].stage, metrics::Stage::kShadow)
      << "a judge starts in shadow until calibrated";
  const auto* judge = dynamic_cast<const metrics::JudgeEvaluator*>(
      c.metrics[0].evaluator.get());
  ASSERT_NE(judge, nullptr);
  const metrics::JudgeSpec& spec = judge->spec();
  EXPECT_TRUE(c.metrics[0].evaluator->deferred());
  EXPECT_EQ(spec.model, "qwen2.5-7b-instruct");
  EXPECT_EQ(spec.timeout, std::chrono::seconds(5));
  EXPECT_EQ(spec.redact, (std::vector<std::string>{"email", "card"}));
  EXPECT_DOUBLE_EQ(spec.rate, 0.05);
  EXPECT_TRUE(spec.by_conversation);
  EXPECT_EQ(spec.stratum, "prompt_version");
  EXPECT_EQ(spec.min_per_stratum, 20u);
  EXPECT_EQ(spec.queue_capacity, 50u);
  EXPECT_EQ(spec.concurrency, 3u);
  EXPECT_EQ(spec.tokens_per_day, 2000000u);
  ASSERT_TRUE(spec.price);
  EXPECT_DOUBLE_EQ(spec.price->input, 0.05) << "the judge model's own price";
  EXPECT_EQ(spec.retries, 1);
  EXPECT_EQ(spec.breaker_failures, 3);
  EXPECT_EQ(spec.breaker_cooldown, std::chrono::minutes(1));
  EXPECT_EQ(spec.cache_entries, 100u);
}

TEST_F(JudgeConfigTest, MistakesAreReportedAtTheirPlace) {
  EXPECT_EQ(Error(std::string(kJudge) + "      sample: {rate: 2}\n"),
            "test.yaml:11:22: metric 'answered': params.sample.rate: must be "
            "between 0 and 1");
  EXPECT_EQ(Error(std::string(kJudge) + "      budget: {usd_per_day: 5}\n"),
            "test.yaml:11:15: metric 'answered': params.budget.prices: a USD "
            "budget needs the price of qwen2.5-7b-instruct (or a default): "
            "{qwen2.5-7b-instruct: {input: USD per million tokens, output: "
            "USD per million tokens}}");
  EXPECT_EQ(Error(std::string(kJudge) + "      redact: [emails]\n"),
            "test.yaml:11:15: metric 'answered': params.redact: unknown "
            "category 'emails' (known: email, phone, card, iban, ssn, ip, "
            "secret)");
  EXPECT_EQ(Error(std::string(kJudge) + "      queue: {size: 5}\n"),
            "test.yaml:11:15: metric 'answered': unknown key 'size' in "
            "params.queue (known: capacity, concurrency)");
  EXPECT_EQ(Error(std::string(kJudge) + "      flagged_by: [refusal, nope]\n"
                                        "  - {name: refusal, type: refusal}\n"),
            "test.yaml:11:29: metric 'answered': params.flagged_by: no "
            "metric 'nope'");
  EXPECT_EQ(Error(std::string(kJudge) + "      flagged_by: [answered]\n"),
            "test.yaml:11:20: metric 'answered': params.flagged_by: "
            "'answered' is a judge too: a judge waits for the other checks, "
            "not for judges");
  std::string no_port(kJudge);
  no_port.replace(no_port.find("127.0.0.1:8080"), 14, "127.0.0.1:http");
  EXPECT_EQ(Error(no_port),
            "test.yaml:6:14: metric 'answered': params.endpoint.url: has a bad "
            "port 'http'");
  std::string ftp(kJudge);
  ftp.replace(ftp.find("http://"), 7, "ftp://");
  EXPECT_EQ(Error(ftp),
            "test.yaml:6:14: metric 'answered': params.endpoint.url: must "
            "start with http:// or https://");
  std::string no_model(kJudge);
  no_model.erase(
      no_model.find("        model:"),
      no_model.find("        timeout:") - no_model.find("        model:"));
  EXPECT_EQ(Error(no_model),
            "test.yaml:6:9: metric 'answered': params.endpoint.model is "
            "required");
  std::string no_rubric(kJudge);
  no_rubric.erase(
      no_rubric.find("      rubric:"),
      no_rubric.find("      rubric_version") - no_rubric.find("      rubric:"));
  EXPECT_EQ(Error(no_rubric),
            "test.yaml:5:7: metric 'answered': params.rubric is required");
}

}  // namespace
}  // namespace micrometrics::config
