#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/http_url.h"
#include "metrics/alerting/alert_rule.h"
#include "metrics/ingest/time.h"
#include "metrics/micro_metric.h"
#include "metrics/registry.h"

namespace micrometrics::config {

/// HOST:PORT as written in config or on the command line. Port 0 asks the
/// kernel for a free port.
struct ListenAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 9650;
  std::string ToString() const;
  bool operator==(const ListenAddress&) const = default;
};

struct ServerConfig {
  ListenAddress listen;
  /// Optional second listener serving only /metrics, /healthz and /readyz.
  std::optional<ListenAddress> metrics_listen;
  size_t max_body_bytes = 4 * 1024 * 1024;
  std::chrono::milliseconds read_timeout{10000};
  /// I/O threads running the HTTP server.
  int threads = 2;
  /// Open connections per listener at most; more are closed at accept.
  size_t max_connections = 1024;
  /// What the daemon may use: half of it bounds request bodies being read
  /// and queued events together (429 before a body is read when it would
  /// not fit); the other half is the process itself. The default leaves the
  /// shipped 512Mi Kubernetes limit half free.
  uint64_t memory_budget = 256ull * 1024 * 1024;
  /// For this long after a label set's first verdict of a metric, /metrics
  /// shows its counters at 0, so that Prometheus's increase() and rate()
  /// count its first events. Default: 1m with alerting.sent_by: prometheus,
  /// else 0.
  std::chrono::milliseconds new_series_zero_for{0};
  /// Files holding bearer tokens; empty means no token is required.
  std::string ingest_token_file;
  std::string admin_token_file;
  /// If set, /metrics, /api/v1/alerts and /api/v1/metrics need this token
  /// too (the probes stay open).
  std::string metrics_token_file;
  /// True when `address` is reachable from other hosts (not loopback) and
  /// no ingest token is configured.
  bool auth_missing_for(const ListenAddress& address) const;
  bool operator==(const ServerConfig&) const = default;
};

struct PipelineConfig {
  int workers = 2;
  size_t queue_capacity = 65536;
  /// Memory the queued events may hold at most (approximate).
  size_t queue_max_bytes = 256 * 1024 * 1024;
  /// /readyz answers 503 while the queue is fuller than this fraction.
  double queue_high_water = 0.9;
  bool operator==(const PipelineConfig&) const = default;
};

/// `alerting:`: how often rules are evaluated and alerts re-sent.
struct AlertingConfig {
  std::chrono::milliseconds evaluation_interval{15000};
  std::chrono::milliseconds resend_interval{60000};
  /// Base of generatorURL (the daemon's /api/v1/alerts); default: the
  /// listen address.
  std::string external_url;
  /// Where alert states and their windows are kept across restarts
  /// (written atomically every evaluation and at shutdown, read at start).
  /// Empty: alert state lives only in memory.
  std::string state_file;
  /// Who notifies: the sidecar (its notifiers), or Prometheus from the
  /// exported rules (a fleet): then the sidecar still evaluates its rules
  /// (/api/v1/alerts, the alert series) but sends nothing.
  enum class SentBy { kSidecar, kPrometheus };
  SentBy sent_by = SentBy::kSidecar;
  bool operator==(const AlertingConfig&) const = default;
};

/// `notifiers:`: where alerts go.
struct NotifierConfig {
  enum class Type { kAlertmanager, kWebhook };
  std::string name;
  Type type = Type::kAlertmanager;
  std::string url;   ///< http://host:port[/path]
  HttpUrl endpoint;  ///< `url`, parsed
  /// webhook only: send a Slack-compatible {"text": ...} body instead.
  bool slack = false;
  std::chrono::milliseconds timeout{5000};
  /// Stop retrying a notification after this long.
  std::chrono::milliseconds give_up_after{600000};
  size_t outbox_capacity = 1000;
  bool operator==(const NotifierConfig&) const = default;
};

/// `otlp:`: how OTLP GenAI spans become events.
/// `otlp.evaluation_results:`: verdicts sent as OpenTelemetry
/// `gen_ai.evaluation.result` log records over OTLP/HTTP.
struct EvaluationResultsConfig {
  std::string endpoint;  ///< e.g. http://collector:4318/v1/logs; empty: off
  bool json = false;     ///< OTLP/JSON instead of protobuf
  std::vector<std::string> metrics;  ///< empty: every metric
  /// Share of verdicts sent, by outcome (pass, fail, skipped, error).
  std::array<double, 4> sample{0.0, 1.0, 0.0, 1.0};
  size_t max_batch = 512;
  std::chrono::milliseconds max_delay{1000};
  size_t queue_capacity = 10000;
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds give_up_after{60000};
  /// "Name: value" lines (Authorization, api keys), read at start.
  std::string headers_file;
  std::string service_name = "micrometrics";
  bool operator==(const EvaluationResultsConfig&) const = default;
};

struct OtlpConfig {
  /// Resource or span attribute -> event field (e.g. service.name -> route,
  /// app.prompt_version -> prompt_version).
  std::map<std::string, std::string> attributes;
  EvaluationResultsConfig evaluation_results;
  bool operator==(const OtlpConfig&) const = default;
};

/// `feedback:`: how long events are remembered for joining feedback.
struct FeedbackConfig {
  size_t max_entries = 100000;  ///< per key kind (event ids, conversations)
  std::chrono::milliseconds ttl{24 * 3600 * 1000};
  bool operator==(const FeedbackConfig&) const = default;
};

/// `examples:`: the most recent failing events kept per metric, for
/// /api/v1/examples (redacted, cut).
struct ExamplesConfig {
  size_t per_metric = 20;
  size_t max_chars = 300;  ///< of the reply (or input) shown
  /// Optional: the kept examples saved here as JSONL (rewritten whole, at
  /// most every file_write_interval and only when they changed; at most
  /// file_max_bytes), so they survive restarts.
  std::string file;
  uint64_t file_max_bytes = 64ull * 1024 * 1024;
  std::chrono::milliseconds file_write_interval{10000};
  bool operator==(const ExamplesConfig&) const = default;
};

/// The whole config file as plain values, validated.
struct Config {
  std::string source;  ///< file name, or "<default>"
  ServerConfig server;
  PipelineConfig pipeline;
  /// Event fields that become Prometheus labels (turn: bucketed).
  std::vector<std::string> labels;
  size_t label_max_values = 200;
  /// Distinct label sets (combinations of label values) kept at most.
  size_t label_max_sets = 10000;
  std::vector<metrics::MicroMetric> metrics;
  FeedbackConfig feedback;
  OtlpConfig otlp;
  ExamplesConfig examples;
  AlertingConfig alerting;
  std::vector<NotifierConfig> notifiers;
  std::vector<metrics::AlertRuleSpec> alerts;
};

/// A config error, already formatted as "FILE:LINE:COLUMN: what is wrong".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses and validates YAML text. `source` names it in error messages.
/// Throws ConfigError.
Config ParseConfig(std::string_view yaml, const std::string& source,
                   const metrics::EvaluatorRegistry& registry);

/// Reads and parses a file. Throws ConfigError (also when unreadable).
Config LoadConfigFile(const std::string& path,
                      const metrics::EvaluatorRegistry& registry);

/// The built-in default config (the default pack), as YAML text.
std::string_view DefaultConfigYaml();

/// "10s", "500ms", "1m30s", "2h" -> milliseconds (metrics/ingest/time.h).
using metrics::ParseDuration;

/// "4MiB", "512KiB", "1GB", "65536" -> bytes. nullopt when malformed.
std::optional<uint64_t> ParseSize(std::string_view text);

/// "HOST:PORT" or "[v6]:PORT" -> address. nullopt when malformed.
std::optional<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace micrometrics::config
