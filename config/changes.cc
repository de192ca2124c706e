#include "config/changes.h"

#include <map>

namespace micrometrics::config {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) {
    out += out.size() > 1 ? ", " : "";
    out += item;
  }
  return out + "]";
}

std::string Millis(std::chrono::milliseconds ms) {
  return std::to_string(ms.count()) + "ms";
}

// Adds "what: before -> after" when the two differ.
template <typename T, typename Show>
void Compare(std::vector<std::string>& out, const char* what, const T& before,
             const T& after, Show show) {
  if (before == after) return;
  out.push_back(std::string(what) + ": " + show(before) + " -> " + show(after));
}

std::string Address(const std::optional<ListenAddress>& a) {
  return a ? a->ToString() : "none";
}

}  // namespace

ConfigChanges CompareConfigs(const Config& running, const Config& next) {
  ConfigChanges c;
  std::map<std::string, const metrics::MicroMetric*> before;
  for (const auto& m : running.metrics) before.emplace(m.name, &m);
  for (const auto& m : next.metrics) {
    auto it = before.find(m.name);
    if (it == before.end()) {
      c.metrics_added.push_back(m.name);
    } else if (it->second->definition != m.definition) {
      c.metrics_changed.push_back(m.name);
    } else {
      c.metrics_unchanged.push_back(m.name);
    }
    if (it != before.end()) before.erase(it);
  }
  for (const auto& [name, m] : before) c.metrics_removed.push_back(name);

  std::map<std::string, const metrics::AlertRuleSpec*> rules;
  for (const auto& r : running.alerts) rules.emplace(r.name, &r);
  for (const auto& r : next.alerts) {
    auto it = rules.find(r.name);
    if (it == rules.end()) {
      c.alerts_added.push_back(r.name);
      continue;
    }
    if (it->second->definition != r.definition) {
      c.alerts_changed.push_back(r.name);
    }
    rules.erase(it);
  }
  for (const auto& [name, r] : rules) c.alerts_removed.push_back(name);

  std::map<std::string, const NotifierConfig*> notifiers;
  for (const auto& n : running.notifiers) notifiers.emplace(n.name, &n);
  for (const auto& n : next.notifiers) {
    auto it = notifiers.find(n.name);
    if (it == notifiers.end() || !(*it->second == n)) {
      c.notifiers_changed.push_back(n.name);
    }
    if (it != notifiers.end()) notifiers.erase(it);
  }
  for (const auto& [name, n] : notifiers) c.notifiers_changed.push_back(name);

  auto& r = c.restart_required;
  const ServerConfig& a = running.server;
  const ServerConfig& b = next.server;
  Compare(r, "server.listen", a.listen, b.listen,
          [](const ListenAddress& x) { return x.ToString(); });
  Compare(r, "server.metrics_listen", a.metrics_listen, b.metrics_listen,
          Address);
  Compare(r, "server.threads", a.threads, b.threads,
          [](int x) { return std::to_string(x); });
  Compare(r, "server.max_body_bytes", a.max_body_bytes, b.max_body_bytes,
          [](size_t x) { return std::to_string(x); });
  Compare(r, "server.read_timeout", a.read_timeout, b.read_timeout, Millis);
  Compare(r, "server.max_connections", a.max_connections, b.max_connections,
          [](size_t x) { return std::to_string(x); });
  Compare(r, "server.memory_budget", a.memory_budget, b.memory_budget,
          [](uint64_t x) { return std::to_string(x); });
  auto file = [](const std::string& f) { return f.empty() ? "none" : f; };
  Compare(r, "server.ingest_token_file", a.ingest_token_file,
          b.ingest_token_file, file);
  Compare(r, "server.admin_token_file", a.admin_token_file, b.admin_token_file,
          file);
  Compare(r, "server.metrics_token_file", a.metrics_token_file,
          b.metrics_token_file, file);
  const PipelineConfig& p = running.pipeline;
  const PipelineConfig& q = next.pipeline;
  auto number = [](auto x) { return std::to_string(x); };
  Compare(r, "pipeline.workers", p.workers, q.workers, number);
  Compare(r, "pipeline.queue_capacity", p.queue_capacity, q.queue_capacity,
          number);
  Compare(r, "pipeline.queue_max_bytes", p.queue_max_bytes, q.queue_max_bytes,
          number);
  Compare(r, "pipeline.queue_high_water", p.queue_high_water,
          q.queue_high_water, number);
  Compare(r, "labels", running.labels, next.labels, Join);
  Compare(r, "label_limits.max_values", running.label_max_values,
          next.label_max_values, number);
  Compare(r, "label_limits.max_sets", running.label_max_sets,
          next.label_max_sets, number);
  Compare(r, "feedback.max_entries", running.feedback.max_entries,
          next.feedback.max_entries, number);
  Compare(r, "feedback.ttl", running.feedback.ttl, next.feedback.ttl, Millis);
  if (running.otlp.attributes != next.otlp.attributes) {
    r.push_back("otlp.attributes");
  }
  if (!(running.otlp.evaluation_results == next.otlp.evaluation_results)) {
    r.push_back("otlp.evaluation_results");
  }
  Compare(r, "alerting.external_url", running.alerting.external_url,
          next.alerting.external_url, file);
  Compare(r, "alerting.state_file", running.alerting.state_file,
          next.alerting.state_file, file);
  return c;
}

Config WithStartupSettingsOf(const Config& running, Config next) {
  next.server = running.server;
  next.pipeline = running.pipeline;
  next.labels = running.labels;
  next.label_max_values = running.label_max_values;
  next.label_max_sets = running.label_max_sets;
  next.feedback = running.feedback;
  next.otlp = running.otlp;
  next.alerting.external_url = running.alerting.external_url;
  next.alerting.state_file = running.alerting.state_file;
  return next;
}

}  // namespace micrometrics::config
