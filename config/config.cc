#include "config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "metrics/evaluators/judge.h"
#include "metrics/event.h"
#include "metrics/ingest/event_json.h"
#include "metrics/labels.h"
#include "metrics/series_names.h"

namespace micrometrics::config {
namespace {

using metrics::ParamValue;
using metrics::SourceMark;

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

bool IsMetricName(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsLabelName(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  if (s.starts_with("__")) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
  });
}

// YYYY-MM-DD, a real calendar date.
bool IsDate(const std::string& s) {
  unsigned y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' ||
      std::sscanf(s.c_str(), "%4u-%2u-%2u", &y, &m, &d) != 3) {
    return false;
  }
  return std::chrono::year_month_day{std::chrono::year(static_cast<int>(y)),
                                     std::chrono::month(m), std::chrono::day(d)}
      .ok();
}

// Turns YAML into a Config, remembering the file name for error messages.
class Loader {
 public:
  Loader(std::string source, const metrics::EvaluatorRegistry& registry)
      : source_(std::move(source)), registry_(registry) {}

  Config Load(const YAML::Node& root) {
    Config config;
    config.source = source_;
    // An empty file (or one of comments only) is a mistake, not a request
    // for no metrics: a truncated write or an emptied ConfigMap would
    // otherwise drop every series on the next reload.
    if (root.IsNull() || !root.IsDefined()) {
      FailAt(1, 1,
             "the config is empty; write `metrics: []` to run with no "
             "metrics");
    }
    if (!root.IsMap()) Fail(root, "the config must be a map of sections");
    CheckKeys(
        root, "",
        {"server", "pipeline", "labels", "label_limits", "metrics", "alerting",
         "notifiers", "alerts", "feedback", "otlp", "examples"});
    if (auto n = root["server"]) LoadServer(n, config.server);
    if (auto n = root["pipeline"]) LoadPipeline(n, config.pipeline);
    if (auto n = root["labels"]) LoadLabels(n, config.labels);
    if (auto n = root["label_limits"]) {
      if (!n.IsNull()) {
        RequireMap(n, "label_limits");
        CheckKeys(n, "label_limits", {"max_values", "max_sets"});
        if (auto m = n["max_values"]) {
          config.label_max_values = static_cast<size_t>(
              Integer(m, "label_limits.max_values", 1, 1000000));
        }
        if (auto m = n["max_sets"]) {
          config.label_max_sets = static_cast<size_t>(
              Integer(m, "label_limits.max_sets", 1, 1000000));
        }
      }
    }
    if (auto n = root["metrics"]) LoadMetrics(n, config.metrics);
    if (auto n = root["feedback"]) LoadFeedback(n, config.feedback);
    if (auto n = root["otlp"]) LoadOtlp(n, config.otlp, config.metrics);
    if (auto n = root["examples"]) LoadExamples(n, config.examples);
    if (auto n = root["alerting"]) LoadAlerting(n, config.alerting);
    if (auto n = root["notifiers"]) LoadNotifiers(n, config.notifiers);
    if (auto n = root["alerts"]) LoadAlerts(n, config);
    if (!new_series_zero_for_set_ &&
        config.alerting.sent_by == AlertingConfig::SentBy::kPrometheus) {
      // Prometheus alerts on these counters: new ones must start at zero
      // for at least one scrape.
      config.server.new_series_zero_for = std::chrono::minutes(1);
    }
    DefaultValueBuckets(config);
    if (!root["metrics"]) {
      FailAt(1, 1,
             "no `metrics:` section; write `metrics: []` to run with no "
             "metrics");
    }
    return config;
  }

  // The thresholds of value_p95/value_p99 rules become bucket bounds of
  // their metric's value histogram, so that Prometheus's histogram_quantile
  // decides "above the threshold" as the sidecar does. A metric without
  // value_buckets gets 1/4, 1/2, 1, 2 and 4 times each threshold.
  static void DefaultValueBuckets(Config& config) {
    for (auto& m : config.metrics) {
      std::vector<double> thresholds;
      for (const auto& r : config.alerts) {
        const auto s = r.condition.subject;
        if (r.metric == m.name &&
            (s == metrics::Condition::Subject::kValueP95 ||
             s == metrics::Condition::Subject::kValueP99)) {
          thresholds.push_back(r.condition.threshold);
        }
      }
      if (thresholds.empty()) continue;
      const bool derived = m.value_buckets.empty();
      for (double t : thresholds) {
        m.value_buckets.push_back(t);
        if (derived && t > 0) {
          for (double f : {0.25, 0.5, 2.0, 4.0})
            m.value_buckets.push_back(t * f);
        }
      }
      std::sort(m.value_buckets.begin(), m.value_buckets.end());
      m.value_buckets.erase(
          std::unique(m.value_buckets.begin(), m.value_buckets.end()),
          m.value_buckets.end());
    }
  }

  [[noreturn]] void FailAt(int line, int column, const std::string& what) {
    throw ConfigError(source_ + ":" + std::to_string(line) + ":" +
                      std::to_string(column) + ": " + what);
  }
  [[noreturn]] void Fail(const YAML::Node& n, const std::string& what) {
    FailAt(n.Mark().line + 1, n.Mark().column + 1, what);
  }

 private:
  void RequireMap(const YAML::Node& n, std::string_view where) {
    if (!n.IsMap()) Fail(n, std::string(where) + ": expected a map");
  }

  // Rejects unknown and duplicate keys, pointing at the key itself.
  void CheckKeys(const YAML::Node& map, std::string_view section,
                 std::initializer_list<std::string_view> known) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      // A copy: yaml-cpp's iterator hands out a temporary pair, and a
      // reference into it dangles (found by AddressSanitizer).
      const YAML::Node key = it->first;
      if (!key.IsScalar()) Fail(key, "keys must be plain strings");
      std::string k = key.Scalar();
      std::string where = section.empty() ? k : std::string(section) + "." + k;
      if (!seen.insert(k).second) Fail(key, "duplicate key " + Quote(where));
      if (std::find(known.begin(), known.end(), k) == known.end()) {
        std::string list;
        for (std::string_view s : known) {
          list += list.empty() ? "" : ", ";
          list += s;
        }
        Fail(key, "unknown key " + Quote(where) + " (expected one of: " + list +
                      ")");
      }
    }
  }

  std::string Scalar(const YAML::Node& n, std::string_view where) {
    if (!n.IsScalar()) Fail(n, std::string(where) + ": expected a string");
    return n.Scalar();
  }

  int64_t Integer(const YAML::Node& n, std::string_view where, int64_t min,
                  int64_t max) {
    std::string s = Scalar(n, where);
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) {
      Fail(n, std::string(where) + ": expected an integer, got " + Quote(s));
    }
    if (v < min || v > max) {
      Fail(n, std::string(where) + ": must be between " + std::to_string(min) +
                  " and " + std::to_string(max) + ", got " + s);
    }
    return v;
  }

  double Number(const YAML::Node& n, std::string_view where, double min,
                double max) {
    std::string s = Scalar(n, where);
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
      Fail(n, std::string(where) + ": expected a number, got " + Quote(s));
    }
    if (v < min || v > max) {
      std::ostringstream msg;
      msg << where << ": must be between " << min << " and " << max << ", got "
          << s;
      Fail(n, msg.str());
    }
    return v;
  }

  ListenAddress Address(const YAML::Node& n, std::string_view where) {
    std::string s = Scalar(n, where);
    auto a = ParseListenAddress(s);
    if (!a) {
      Fail(n, std::string(where) + ": expected HOST:PORT, got " + Quote(s));
    }
    return *a;
  }

  void LoadServer(const YAML::Node& n, ServerConfig& server) {
    if (n.IsNull()) return;
    RequireMap(n, "server");
    CheckKeys(n, "server",
              {"listen", "metrics_listen", "max_body_bytes", "read_timeout",
               "threads", "max_connections", "memory_budget",
               "new_series_zero_for", "auth"});
    if (auto v = n["listen"]) server.listen = Address(v, "server.listen");
    if (auto v = n["metrics_listen"]) {
      server.metrics_listen = Address(v, "server.metrics_listen");
    }
    if (auto v = n["max_body_bytes"]) {
      std::string s = Scalar(v, "server.max_body_bytes");
      auto bytes = ParseSize(s);
      if (!bytes || *bytes == 0 || *bytes > (uint64_t{1} << 30)) {
        Fail(v,
             "server.max_body_bytes: expected a size between 1 and 1GiB "
             "like 4MiB, got " +
                 Quote(s));
      }
      server.max_body_bytes = *bytes;
    }
    if (auto v = n["read_timeout"]) {
      std::string s = Scalar(v, "server.read_timeout");
      auto d = ParseDuration(s);
      if (!d || d->count() <= 0) {
        Fail(v, "server.read_timeout: expected a duration like 10s, got " +
                    Quote(s));
      }
      server.read_timeout = *d;
    }
    if (auto v = n["new_series_zero_for"]) {
      std::string s = Scalar(v, "server.new_series_zero_for");
      auto d = ParseDuration(s);
      if (!d || d->count() < 0 || *d > std::chrono::hours(1)) {
        Fail(v,
             "server.new_series_zero_for: expected a duration up to 1h like "
             "1m, got " +
                 Quote(s));
      }
      server.new_series_zero_for = *d;
      new_series_zero_for_set_ = true;
    }
    if (auto v = n["threads"]) {
      server.threads = static_cast<int>(Integer(v, "server.threads", 1, 256));
    }
    if (auto v = n["max_connections"]) {
      server.max_connections =
          static_cast<size_t>(Integer(v, "server.max_connections", 1, 1000000));
    }
    if (auto v = n["memory_budget"]) {
      std::string s = Scalar(v, "server.memory_budget");
      auto bytes = ParseSize(s);
      if (!bytes || *bytes < (uint64_t{16} << 20)) {
        Fail(v,
             "server.memory_budget: expected a size of at least 16MiB like "
             "256MiB, got " +
                 Quote(s));
      }
      server.memory_budget = *bytes;
      // Half of it holds request data; one largest body must fit there.
      if (server.memory_budget / 2 < server.max_body_bytes) {
        Fail(v,
             "server.memory_budget: must be at least twice "
             "server.max_body_bytes (" +
                 std::to_string(server.max_body_bytes) + " bytes), got " +
                 Quote(s));
      }
    }
    if (auto a = n["auth"]) {
      if (a.IsNull()) return;
      RequireMap(a, "server.auth");
      CheckKeys(
          a, "server.auth",
          {"ingest_token_file", "admin_token_file", "metrics_token_file"});
      if (auto v = a["ingest_token_file"]) {
        server.ingest_token_file = Scalar(v, "server.auth.ingest_token_file");
      }
      if (auto v = a["admin_token_file"]) {
        server.admin_token_file = Scalar(v, "server.auth.admin_token_file");
      }
      if (auto v = a["metrics_token_file"]) {
        server.metrics_token_file = Scalar(v, "server.auth.metrics_token_file");
      }
    }
  }

  void LoadPipeline(const YAML::Node& n, PipelineConfig& pipeline) {
    if (n.IsNull()) return;
    RequireMap(n, "pipeline");
    CheckKeys(
        n, "pipeline",
        {"workers", "queue_capacity", "queue_max_bytes", "queue_high_water"});
    if (auto v = n["workers"]) {
      pipeline.workers =
          static_cast<int>(Integer(v, "pipeline.workers", 1, 256));
    }
    if (auto v = n["queue_capacity"]) {
      pipeline.queue_capacity = static_cast<size_t>(
          Integer(v, "pipeline.queue_capacity", 1, 16 * 1024 * 1024));
    }
    if (auto v = n["queue_max_bytes"]) {
      std::string s = Scalar(v, "pipeline.queue_max_bytes");
      auto bytes = ParseSize(s);
      if (!bytes || *bytes < 1024) {
        Fail(v,
             "pipeline.queue_max_bytes: expected a size of at least 1KiB "
             "like 256MiB, got " +
                 Quote(s));
      }
      pipeline.queue_max_bytes = *bytes;
    }
    if (auto v = n["queue_high_water"]) {
      pipeline.queue_high_water =
          Number(v, "pipeline.queue_high_water", 0.01, 1);
    }
  }

  std::string SelectableField(const YAML::Node& n, std::string_view where) {
    std::string f = Scalar(n, where);
    if (!metrics::Event::IsSelectableField(f)) {
      Fail(n, std::string(where) + ": unknown event field " + Quote(f) +
                  " (use a field such as model, prompt_version, route, "
                  "tenant, locale, channel, turn, or attributes.KEY)");
    }
    return f;
  }

  void LoadLabels(const YAML::Node& n, std::vector<std::string>& labels) {
    if (n.IsNull()) return;
    if (!n.IsSequence()) Fail(n, "labels: expected a list of event fields");
    std::set<std::string> names;
    for (const auto& item : n) {
      std::string f = SelectableField(item, "labels");
      if (f == "id" || f == "conversation_id") {
        Fail(item, "labels: " + Quote(f) +
                       " would give every event its own series; use a "
                       "bounded field");
      }
      std::string name = metrics::LabelNameForField(f);
      if (!IsLabelName(name) || name == "metric" || name == "outcome" ||
          name == "le" || name == "quantile" || name == "gen_ai_token_type") {
        Fail(item, "labels: " + Quote(name) +
                       " is not usable as a Prometheus label name");
      }
      if (!names.insert(name).second) {
        Fail(item, "labels: duplicate label " + Quote(name));
      }
      labels.push_back(f);
    }
  }

  ParamValue ToParam(const YAML::Node& n) {
    ParamValue v;
    v.mark = SourceMark{n.Mark().line + 1, n.Mark().column + 1};
    if (n.IsScalar()) {
      v.kind = ParamValue::Kind::kScalar;
      v.scalar = n.Scalar();
    } else if (n.IsSequence()) {
      v.kind = ParamValue::Kind::kList;
      for (const auto& item : n) v.list.push_back(ToParam(item));
    } else if (n.IsMap()) {
      v.kind = ParamValue::Kind::kMap;
      std::set<std::string> seen;
      for (auto it = n.begin(); it != n.end(); ++it) {
        std::string key = Scalar(it->first, "params");
        if (!seen.insert(key).second) {
          Fail(it->first, "duplicate key " + Quote("params." + key));
        }
        v.map.emplace_back(key, ToParam(it->second));
        v.key_marks.push_back(
            SourceMark{it->first.Mark().line + 1, it->first.Mark().column + 1});
      }
    } else {  // null: an empty map
      v.kind = ParamValue::Kind::kMap;
    }
    return v;
  }

  void LoadMetrics(const YAML::Node& n,
                   std::vector<metrics::MicroMetric>& out) {
    if (n.IsNull()) return;
    if (!n.IsSequence()) Fail(n, "metrics: expected a list of metrics");
    std::set<std::string> names;
    for (const auto& m : n) {
      if (!m.IsMap()) Fail(m, "metrics: each metric must be a map");
      CheckKeys(m, "metrics[]",
                {"name", "type", "description", "owner", "stage", "created",
                 "review_by", "when", "sample", "value_buckets", "params"});
      metrics::MicroMetric metric;
      if (!m["name"]) Fail(m, "metric: 'name' is required");
      if (!m["type"]) Fail(m, "metric: 'type' is required");
      metric.name = Scalar(m["name"], "name");
      if (!IsMetricName(metric.name)) {
        Fail(m["name"], "metric name " + Quote(metric.name) +
                            " must match [a-z][a-z0-9_]*");
      }
      if (!names.insert(metric.name).second) {
        Fail(m["name"], "duplicate metric name " + Quote(metric.name));
      }
      std::string where = "metric " + Quote(metric.name);
      metric.type = Scalar(m["type"], where + ": type");
      const metrics::EvaluatorFactory* factory = registry_.Find(metric.type);
      if (!factory) {
        std::string known;
        for (const auto& t : registry_.TypeNames()) {
          known += known.empty() ? "" : ", ";
          known += t;
        }
        Fail(m["type"], where + ": unknown metric type " + Quote(metric.type) +
                            " (known: " + known + ")");
      }
      if (auto v = m["description"]) {
        metric.description = Scalar(v, where + ": description");
      }
      if (auto v = m["owner"]) metric.owner = Scalar(v, where + ": owner");
      metric.stage = factory->default_stage();
      metric.value_counter = factory->value_counter();
      if (auto v = m["stage"]) {
        std::string s = Scalar(v, where + ": stage");
        if (s == "shadow") {
          metric.stage = metrics::Stage::kShadow;
        } else if (s == "active") {
          metric.stage = metrics::Stage::kActive;
        } else if (s == "deprecated") {
          metric.stage = metrics::Stage::kDeprecated;
        } else {
          Fail(v, where + ": stage must be shadow, active or deprecated, got " +
                      Quote(s));
        }
      }
      for (auto [key, field] : {std::pair{"created", &metric.created},
                                std::pair{"review_by", &metric.review_by}}) {
        if (auto v = m[key]) {
          *field = Scalar(v, where + ": " + key);
          if (!IsDate(*field)) {
            Fail(v, where + ": " + key +
                        " must be a date like 2027-03-01, got " +
                        Quote(*field));
          }
        }
      }
      if (auto v = m["sample"]) {
        metric.sample = Number(v, where + ": sample", 0, 1);
      }
      if (auto v = m["value_buckets"]) {
        if (!v.IsSequence() || v.size() == 0 || v.size() > 64) {
          Fail(v, where +
                      ": value_buckets: expected a list of 1 to 64 increasing "
                      "numbers, like [100, 250, 500, 1000]");
        }
        for (const auto& b : v) {
          const double bound =
              Number(b, where + ": value_buckets", -1e15, 1e15);
          if (!metric.value_buckets.empty() &&
              bound <= metric.value_buckets.back()) {
            Fail(b, where + ": value_buckets: must increase; " +
                        Quote(b.Scalar()) +
                        " is not above the bound before it");
          }
          metric.value_buckets.push_back(bound);
        }
      }
      if (auto w = m["when"]) {
        if (!w.IsNull()) {
          RequireMap(w, where + ": when");
          for (auto it = w.begin(); it != w.end(); ++it) {
            std::string field = SelectableField(it->first, where + ": when");
            std::vector<std::string> values;
            const YAML::Node list = it->second;
            if (list.IsSequence()) {
              for (const auto& item : list) {
                values.push_back(Scalar(item, where + ": when." + field));
              }
            } else {
              values.push_back(Scalar(it->second, where + ": when." + field));
            }
            metric.when.fields.emplace_back(field, std::move(values));
          }
        }
      }
      ParamValue params;
      params.mark = SourceMark{m.Mark().line + 1, m.Mark().column + 1};
      if (auto p = m["params"]) {
        params = ToParam(p);
        if (params.kind != ParamValue::Kind::kMap) {
          Fail(p, where + ": params must be a map");
        }
      }
      try {
        metric.evaluator = factory->Create(metrics::Params(params));
      } catch (const metrics::ParamError& e) {
        FailAt(e.mark().line, e.mark().column, where + ": " + e.what());
      }
      if (const auto* judge = dynamic_cast<const metrics::JudgeEvaluator*>(
              metric.evaluator.get())) {
        // The one URL parser, which metrics/ cannot reach.
        std::string error;
        if (!ParseHttpUrl(judge->spec().url, &error)) {
          Fail(m["params"]["endpoint"]["url"],
               where + ": params.endpoint.url: " + error);
        }
      }
      metric.definition = Definition(m);
      out.push_back(std::move(metric));
    }
    // A judge's flagged_by names metrics whose verdicts it waits for.
    size_t i = 0;
    for (const auto& m : n) {
      const auto* judge = dynamic_cast<const metrics::JudgeEvaluator*>(
          out[i++].evaluator.get());
      if (!judge) continue;
      const YAML::Node list = m["params"]["flagged_by"];
      for (size_t k = 0; k < judge->spec().flagged_by.size(); ++k) {
        const std::string& name = judge->spec().flagged_by[k];
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const auto& x) { return x.name == name; });
        const std::string where =
            "metric " + Quote(out[i - 1].name) + ": params.flagged_by: ";
        if (it == out.end()) Fail(list[k], where + "no metric " + Quote(name));
        if (it->evaluator->deferred()) {
          Fail(list[k], where + Quote(name) +
                            " is a judge too: a judge waits for the other "
                            "checks, not for judges");
        }
      }
    }
  }

  // What a metric evaluates, as canonical YAML: the entry without its
  // metadata, so that a new owner or review date keeps the metric's counts.
  static std::string Definition(const YAML::Node& m) {
    YAML::Node copy = YAML::Clone(m);
    for (const char* key :
         {"description", "owner", "stage", "created", "review_by"}) {
      copy.remove(key);
    }
    return Canonical(copy);
  }
  // Keys sorted, formatting and comments gone: equal text, equal meaning.
  static std::string Canonical(const YAML::Node& n) {
    switch (n.Type()) {
      case YAML::NodeType::Map: {
        std::map<std::string, std::string> entries;
        for (auto it = n.begin(); it != n.end(); ++it) {
          entries.emplace(Canonical(it->first), Canonical(it->second));
        }
        std::string out = "{";
        for (const auto& [k, v] : entries) out += k + ":" + v + ",";
        return out + "}";
      }
      case YAML::NodeType::Sequence: {
        std::string out = "[";
        for (const auto& item : n) out += Canonical(item) + ",";
        return out + "]";
      }
      case YAML::NodeType::Scalar:
        return std::to_string(n.Scalar().size()) + ":" + n.Scalar();
      default:
        return "~";
    }
  }

  std::chrono::milliseconds Duration(const YAML::Node& n,
                                     const std::string& where) {
    std::string s = Scalar(n, where);
    auto d = ParseDuration(s);
    if (!d) {
      Fail(n, where + ": expected a duration like 5m, got " + Quote(s));
    }
    return *d;
  }

  void LoadOtlp(const YAML::Node& n, OtlpConfig& otlp,
                const std::vector<metrics::MicroMetric>& metrics) {
    if (n.IsNull()) return;
    RequireMap(n, "otlp");
    CheckKeys(n, "otlp", {"attributes", "evaluation_results"});
    if (auto a = n["attributes"]) {
      RequireMap(a, "otlp.attributes");
      for (auto it = a.begin(); it != a.end(); ++it) {
        std::string attribute = Scalar(it->first, "otlp.attributes");
        std::string field =
            SelectableField(it->second, "otlp.attributes." + attribute);
        otlp.attributes[attribute] = field;
      }
    }
    if (auto e = n["evaluation_results"]) {
      LoadEvaluationResults(e, otlp, metrics);
    }
  }

  void LoadEvaluationResults(const YAML::Node& n, OtlpConfig& otlp,
                             const std::vector<metrics::MicroMetric>& metrics) {
    if (n.IsNull()) return;
    const std::string where = "otlp.evaluation_results";
    RequireMap(n, where);
    CheckKeys(n, where,
              {"endpoint", "encoding", "metrics", "sample", "max_batch",
               "max_delay", "queue_capacity", "timeout", "give_up_after",
               "headers_file", "service_name"});
    EvaluationResultsConfig& c = otlp.evaluation_results;
    if (!n["endpoint"]) Fail(n, where + ": 'endpoint' is required");
    c.endpoint = Scalar(n["endpoint"], where + ".endpoint");
    std::string error;
    if (!ParseHttpUrl(c.endpoint, &error)) {
      Fail(n["endpoint"], where + ".endpoint: " + error);
    }
    if (auto v = n["encoding"]) {
      const std::string e = Scalar(v, where + ".encoding");
      if (e != "protobuf" && e != "json") {
        Fail(v,
             where + ".encoding: expected protobuf or json, got " + Quote(e));
      }
      c.json = e == "json";
    }
    if (auto v = n["metrics"]) {
      if (!v.IsSequence()) Fail(v, where + ".metrics: expected a list");
      for (const auto& m : v) {
        c.metrics.push_back(Scalar(m, where + ".metrics"));
        if (std::none_of(metrics.begin(), metrics.end(), [&](const auto& x) {
              return x.name == c.metrics.back();
            })) {
          Fail(m,
               where + ".metrics: no metric named " + Quote(c.metrics.back()));
        }
      }
    }
    if (auto v = n["sample"]) {
      RequireMap(v, where + ".sample");
      CheckKeys(v, where + ".sample", {"pass", "fail", "skipped", "error"});
      const char* outcomes[] = {"pass", "fail", "skipped", "error"};
      for (size_t i = 0; i < 4; ++i) {
        if (auto x = v[outcomes[i]]) {
          c.sample[i] = Number(x, where + ".sample." + outcomes[i], 0, 1);
        }
      }
    }
    if (auto v = n["max_batch"]) {
      c.max_batch =
          static_cast<size_t>(Integer(v, where + ".max_batch", 1, 100000));
    }
    if (auto v = n["queue_capacity"]) {
      c.queue_capacity = static_cast<size_t>(
          Integer(v, where + ".queue_capacity", 1, 10000000));
    }
    if (auto v = n["max_delay"]) {
      c.max_delay = Duration(v, where + ".max_delay");
    }
    if (auto v = n["timeout"]) c.timeout = Duration(v, where + ".timeout");
    if (auto v = n["give_up_after"]) {
      c.give_up_after = Duration(v, where + ".give_up_after");
    }
    if (auto v = n["headers_file"]) {
      c.headers_file = Scalar(v, where + ".headers_file");
    }
    if (auto v = n["service_name"]) {
      c.service_name = Scalar(v, where + ".service_name");
    }
  }

  void LoadExamples(const YAML::Node& n, ExamplesConfig& examples) {
    if (n.IsNull()) return;
    RequireMap(n, "examples");
    CheckKeys(n, "examples",
              {"per_metric", "max_chars", "file", "file_max_bytes",
               "file_write_interval"});
    if (auto v = n["per_metric"]) {
      examples.per_metric =
          static_cast<size_t>(Integer(v, "examples.per_metric", 0, 1000));
    }
    if (auto v = n["max_chars"]) {
      examples.max_chars =
          static_cast<size_t>(Integer(v, "examples.max_chars", 20, 100000));
    }
    if (auto v = n["file"]) examples.file = Scalar(v, "examples.file");
    if (auto v = n["file_max_bytes"]) {
      std::string text = Scalar(v, "examples.file_max_bytes");
      auto bytes = ParseSize(text);
      if (!bytes || *bytes < 4096) {
        Fail(v,
             "examples.file_max_bytes: expected a size of at least 4KiB "
             "like 64MiB, got " +
                 Quote(text));
      }
      examples.file_max_bytes = *bytes;
    }
    if (auto v = n["file_write_interval"]) {
      examples.file_write_interval =
          Duration(v, "examples.file_write_interval");
      if (examples.file_write_interval.count() < 100) {
        Fail(v, "examples.file_write_interval: at least 100ms");
      }
    }
  }

  void LoadFeedback(const YAML::Node& n, FeedbackConfig& feedback) {
    if (n.IsNull()) return;
    RequireMap(n, "feedback");
    CheckKeys(n, "feedback", {"max_entries", "ttl"});
    if (auto v = n["max_entries"]) {
      feedback.max_entries = static_cast<size_t>(
          Integer(v, "feedback.max_entries", 16, 100000000));
    }
    if (auto v = n["ttl"]) feedback.ttl = Duration(v, "feedback.ttl");
  }

  void LoadAlerting(const YAML::Node& n, AlertingConfig& alerting) {
    if (n.IsNull()) return;
    RequireMap(n, "alerting");
    CheckKeys(n, "alerting",
              {"evaluation_interval", "resend_interval", "external_url",
               "state_file", "sent_by"});
    if (auto v = n["evaluation_interval"]) {
      alerting.evaluation_interval =
          Duration(v, "alerting.evaluation_interval");
      if (alerting.evaluation_interval.count() < 10) {
        Fail(v, "alerting.evaluation_interval: at least 10ms");
      }
    }
    if (auto v = n["resend_interval"]) {
      alerting.resend_interval = Duration(v, "alerting.resend_interval");
    }
    if (auto v = n["external_url"]) {
      alerting.external_url = Scalar(v, "alerting.external_url");
    }
    if (auto v = n["state_file"]) {
      alerting.state_file = Scalar(v, "alerting.state_file");
      if (alerting.state_file.empty()) {
        Fail(v, "alerting.state_file: expected a file path");
      }
    }
    if (auto v = n["sent_by"]) {
      const std::string s = Scalar(v, "alerting.sent_by");
      if (s == "sidecar") {
        alerting.sent_by = AlertingConfig::SentBy::kSidecar;
      } else if (s == "prometheus") {
        alerting.sent_by = AlertingConfig::SentBy::kPrometheus;
      } else {
        Fail(v, "alerting.sent_by: expected sidecar or prometheus, got " +
                    Quote(s));
      }
    }
  }

  void LoadNotifiers(const YAML::Node& n, std::vector<NotifierConfig>& out) {
    if (n.IsNull()) return;
    if (!n.IsSequence()) Fail(n, "notifiers: expected a list");
    std::set<std::string> names;
    for (const auto& item : n) {
      if (!item.IsMap()) Fail(item, "notifiers: each notifier is a map");
      CheckKeys(item, "notifiers[]",
                {"name", "type", "url", "slack", "timeout", "give_up_after",
                 "outbox_capacity"});
      NotifierConfig c;
      if (!item["name"]) Fail(item, "notifier: 'name' is required");
      c.name = Scalar(item["name"], "name");
      if (!names.insert(c.name).second) {
        Fail(item["name"], "duplicate notifier name " + Quote(c.name));
      }
      std::string where = "notifier " + Quote(c.name);
      std::string type = item["type"] ? Scalar(item["type"], where + ": type")
                                      : "alertmanager";
      if (type == "alertmanager") {
        c.type = NotifierConfig::Type::kAlertmanager;
      } else if (type == "webhook") {
        c.type = NotifierConfig::Type::kWebhook;
      } else {
        Fail(item["type"], where +
                               ": type must be alertmanager or webhook, got " +
                               Quote(type));
      }
      if (!item["url"]) Fail(item, where + ": 'url' is required");
      c.url = Scalar(item["url"], where + ": url");
      std::string url_error;
      if (auto url = ParseHttpUrl(c.url, &url_error)) {
        c.endpoint = std::move(*url);
      } else {
        Fail(item["url"], where + ": url " + url_error);
      }
      if (auto v = item["slack"]) {
        std::string b = Scalar(v, where + ": slack");
        if (b != "true" && b != "false") {
          Fail(v, where + ": slack must be true or false");
        }
        c.slack = b == "true";
        if (c.slack && c.type != NotifierConfig::Type::kWebhook) {
          Fail(v, where + ": slack is for webhook notifiers");
        }
      }
      if (auto v = item["timeout"])
        c.timeout = Duration(v, where + ": timeout");
      if (auto v = item["give_up_after"]) {
        c.give_up_after = Duration(v, where + ": give_up_after");
      }
      if (auto v = item["outbox_capacity"]) {
        c.outbox_capacity = static_cast<size_t>(
            Integer(v, where + ": outbox_capacity", 1, 1000000));
      }
      out.push_back(std::move(c));
    }
  }

  void LoadAlerts(const YAML::Node& n, Config& config) {
    if (n.IsNull()) return;
    if (!n.IsSequence()) Fail(n, "alerts: expected a list of rules");
    std::set<std::string> names;
    for (const auto& item : n) {
      if (!item.IsMap()) Fail(item, "alerts: each rule is a map");
      CheckKeys(item, "alerts[]",
                {"name", "metric", "condition", "window", "min_events", "for",
                 "keep_firing_for", "group_by", "severity", "annotations",
                 "notify", "baseline", "confidence", "max_groups"});
      metrics::AlertRuleSpec r;
      for (const char* key : {"name", "metric", "condition"}) {
        if (!item[key])
          Fail(item, std::string("alert: '") + key + "' is required");
      }
      r.name = Scalar(item["name"], "name");
      if (!IsLabelName(r.name)) {
        Fail(item["name"], "alert name " + Quote(r.name) +
                               " must match [a-zA-Z_][a-zA-Z0-9_]*");
      }
      if (!names.insert(r.name).second) {
        Fail(item["name"], "duplicate alert name " + Quote(r.name));
      }
      std::string where = "alert " + Quote(r.name);
      r.metric = Scalar(item["metric"], where + ": metric");
      // `feedback:KIND`: the share of that kind among all feedback.
      if (series::IsFeedbackRule(r.metric)) {
        if (!series::IsFeedbackKind(series::FeedbackKind(r.metric))) {
          Fail(item["metric"],
               where + ": unknown feedback kind in " + Quote(r.metric) + " (" +
                   std::string(series::kFeedbackKindList) + ")");
        }
      } else if (std::none_of(
                     config.metrics.begin(), config.metrics.end(),
                     [&](const auto& m) { return m.name == r.metric; })) {
        Fail(item["metric"], where + ": no metric named " + Quote(r.metric));
      }
      std::string error;
      auto condition =
          metrics::ParseCondition(Scalar(item["condition"], where), &error);
      if (!condition) Fail(item["condition"], where + ": condition: " + error);
      r.condition = *condition;
      if (auto v = item["window"]) r.window = Duration(v, where + ": window");
      if (auto v = item["min_events"]) {
        r.min_events = static_cast<uint64_t>(
            Integer(v, where + ": min_events", 0, 1000000000));
      }
      if (auto v = item["for"]) r.for_duration = Duration(v, where + ": for");
      if (auto v = item["keep_firing_for"]) {
        r.keep_firing_for = Duration(v, where + ": keep_firing_for");
      }
      if (auto v = item["group_by"]) {
        if (!v.IsSequence()) Fail(v, where + ": group_by: expected a list");
        for (const auto& f : v) {
          r.group_by.push_back(SelectableField(f, where + ": group_by"));
        }
      }
      if (auto v = item["severity"])
        r.severity = Scalar(v, where + ": severity");
      if (auto v = item["annotations"]) {
        RequireMap(v, where + ": annotations");
        for (auto it = v.begin(); it != v.end(); ++it) {
          r.annotations.emplace_back(
              Scalar(it->first, where),
              Scalar(it->second, where + ": annotations"));
        }
      }
      if (auto v = item["notify"]) {
        if (!v.IsSequence()) Fail(v, where + ": notify: expected a list");
        for (const auto& name : v) {
          std::string nn = Scalar(name, where + ": notify");
          if (std::none_of(config.notifiers.begin(), config.notifiers.end(),
                           [&](const auto& x) { return x.name == nn; })) {
            Fail(name, where + ": no notifier named " + Quote(nn));
          }
          r.notify.push_back(nn);
        }
      }
      if (auto v = item["baseline"]) {
        RequireMap(v, where + ": baseline");
        CheckKeys(v, "baseline", {"label", "window"});
        if (auto l = v["label"]) {
          r.baseline.label = SelectableField(l, where + ": baseline.label");
          if (std::find(r.group_by.begin(), r.group_by.end(),
                        r.baseline.label) != r.group_by.end()) {
            Fail(l, where + ": baseline.label must not be in group_by");
          }
        }
        if (auto w = v["window"]) {
          r.baseline.window = Duration(w, where + ": baseline.window");
          if (r.baseline.window <= r.window) {
            Fail(w, where + ": baseline.window must be longer than window");
          }
        }
        if (!r.condition.relative_to_baseline) {
          Fail(v, where +
                      ": baseline needs a condition like "
                      "'fail_rate > 2 * baseline'");
        }
      } else if (r.condition.relative_to_baseline) {
        Fail(item["condition"],
             where +
                 ": the condition compares with a baseline; add "
                 "baseline: {label: prompt_version} or {window: 24h}");
      }
      if (auto v = item["confidence"]) {
        r.confidence = Number(v, where + ": confidence", 0.5, 0.9999);
      }
      if (auto v = item["max_groups"]) {
        r.max_groups =
            static_cast<size_t>(Integer(v, where + ": max_groups", 1, 1000000));
      }
      r.definition = Canonical(item);
      config.alerts.push_back(std::move(r));
    }
  }

  std::string source_;
  const metrics::EvaluatorRegistry& registry_;
  bool new_series_zero_for_set_ = false;
};

}  // namespace

bool ServerConfig::auth_missing_for(const ListenAddress& address) const {
  const std::string& h = address.host;
  const bool loopback =
      h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0;
  return !loopback && ingest_token_file.empty();
}

std::string ListenAddress::ToString() const {
  if (host.find(':') != std::string::npos) {
    return "[" + host + "]:" + std::to_string(port);
  }
  return host + ":" + std::to_string(port);
}

Config ParseConfig(std::string_view yaml, const std::string& source,
                   const metrics::EvaluatorRegistry& registry) {
  Loader loader(source, registry);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    loader.FailAt(e.mark.line + 1, e.mark.column + 1, e.msg);
  }
  return loader.Load(root);
}

Config LoadConfigFile(const std::string& path,
                      const metrics::EvaluatorRegistry& registry) {
  // A directory opens fine and reads as nothing: say what it is.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw ConfigError(path + ":1:1: is a directory, not a config file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(path +
                      ":1:1: cannot read the file: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw ConfigError(path +
                      ":1:1: cannot read the file: " + std::strerror(errno));
  }
  return ParseConfig(text.str(), path, registry);
}

std::optional<uint64_t> ParseSize(std::string_view s) {
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || v < 0) return std::nullopt;
  std::string_view unit = s.substr(static_cast<size_t>(p - s.data()));
  while (unit.starts_with(' ')) unit.remove_prefix(1);
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"", 1},
      {"B", 1},
      {"KiB", 1024.0},
      {"MiB", 1048576.0},
      {"GiB", 1073741824.0},
      {"KB", 1e3},
      {"kB", 1e3},
      {"MB", 1e6},
      {"GB", 1e9},
  };
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) return static_cast<uint64_t>(std::llround(v * factor));
  }
  return std::nullopt;
}

std::optional<ListenAddress> ParseListenAddress(std::string_view s) {
  ListenAddress a;
  size_t colon;
  if (s.starts_with('[')) {
    size_t close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() ||
        s[close + 1] != ':') {
      return std::nullopt;
    }
    a.host = std::string(s.substr(1, close - 1));
    colon = close + 1;
  } else {
    colon = s.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    a.host = std::string(s.substr(0, colon));
    if (a.host.find(':') != std::string::npos) return std::nullopt;
  }
  if (a.host.empty()) return std::nullopt;
  std::string_view port = s.substr(colon + 1);
  unsigned v = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
  if (port.empty() || ec != std::errc() || p != port.data() + port.size() ||
      v > 65535) {
    return std::nullopt;
  }
  a.port = static_cast<uint16_t>(v);
  return a;
}

}  // namespace micrometrics::config
