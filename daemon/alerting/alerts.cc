#include "daemon/alerting/alerts.h"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "metrics/ingest/time.h"
#include "metrics/labels.h"
#include "metrics/text/fixed_regex.h"
namespace micrometrics::daemon {
namespace {

using json = nlohmann::ordered_json;
using metrics::AlertClock;
using metrics::AlertStatus;

std::string Key(const std::string& rule, const metrics::AlertLabels& labels) {
  std::string key = rule;
  for (const auto& [k, v] : labels) key += "\x1f" + k + "=" + v;
  return key;
}

std::string Hash(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string Fingerprint(const json& labels) { return Hash(labels.dump()); }

std::string FormatValue(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

std::string ExpandTemplate(const std::string& text,
                           const metrics::AlertLabels& labels, double value) {
  static const metrics::FixedRegex label_re(R"(\{\{\s*\$labels\.(\w+)\s*\}\})");
  static const metrics::FixedRegex value_re(R"(\{\{\s*\$value\s*\}\})");
  std::string out = text;
  std::string name;
  while (RE2::PartialMatch(out, label_re, &name)) {
    std::string v;
    for (const auto& [k, lv] : labels) {
      if (k == name) v = lv;
    }
    std::string pattern = R"(\{\{\s*\$labels\.)" + name + R"(\s*\}\})";
    RE2::GlobalReplace(&out, pattern, v);
  }
  RE2::GlobalReplace(&out, value_re, FormatValue(value));
  return out;
}

Alerts::Alerts(const config::Config& config, boost::asio::io_context& ioc,
               ReloadGate& gate, std::string generator_url, MetricBook* book)
    : config_(config),
      ioc_(ioc),
      gate_(gate),
      book_(book),
      generator_url_(std::move(generator_url)) {
  auto& r = registry_;
  state_gauge_ = &prometheus::BuildGauge()
                      .Name(series::kAlertState.str())
                      .Help(std::string(series::kAlertState.help))
                      .Register(r);
  alerts_gauge_ = &prometheus::BuildGauge()
                       .Name(series::kAlerts.str())
                       .Help(std::string(series::kAlerts.help))
                       .Register(r);
  notifications_ = &prometheus::BuildCounter()
                        .Name(series::kNotifications.str())
                        .Help(std::string(series::kNotifications.help))
                        .Register(r);
  first_seen_gauge_ = &prometheus::BuildGauge()
                           .Name(series::kAlertLabelFirstSeen.str())
                           .Help(std::string(series::kAlertLabelFirstSeen.help))
                           .Register(r);
  groups_rejected_ = &prometheus::BuildCounter()
                          .Name(series::kAlertGroupsRejected.str())
                          .Help(std::string(series::kAlertGroupsRejected.help))
                          .Register(r);
  for (const auto& n : config.notifiers) {
    notifiers_.emplace(n.name, MakeNotifier(n));
  }
  for (const auto& spec : config.alerts) {
    Rule rule;
    rule.rule = std::make_unique<metrics::AlertRule>(spec);
    AddRuleSeries(spec.name);
    rules_.push_back(std::move(rule));
  }
  Index(config.metrics);
  if (!config.alerting.state_file.empty()) {
    state_file_ = std::make_unique<AlertStateFile>(config.alerting.state_file);
  }
}

Alerts::~Alerts() = default;

void Alerts::Collect(TextWriter& out) const {
  WriteFamilies(out, registry_.Collect());
  {
    std::lock_guard lock(notifiers_mu_);
    if (!notifiers_.empty()) {
      out.Family(series::kNotificationsQueued);
      for (const auto& [name, n] : notifiers_) {
        const Label label[] = {{"notifier", name}};
        out.Sample(series::kNotificationsQueued.name, label, {},
                   static_cast<uint64_t>(n->queued()));
      }
    }
  }
  if (!state_file_) return;
  out.Family(series::kAlertStateWrites);
  const Label failure[] = {{"result", "failure"}};
  const Label success[] = {{"result", "success"}};
  out.Sample(series::kAlertStateWrites.name, failure, {},
             state_file_->writes_failed());
  out.Sample(series::kAlertStateWrites.name, success, {},
             state_file_->writes_ok());
}

std::unique_ptr<Notifier> Alerts::MakeNotifier(
    const config::NotifierConfig& n) {
  for (const char* result :
       {"sent", "retried", "rejected", "gave_up", "dropped"}) {
    notifications_->Add({{"notifier", n.name}, {"result", result}});
  }
  return std::make_unique<Notifier>(
      ioc_, n,
      [this](const std::string& name, const std::string& result, size_t k) {
        notifications_->Add({{"notifier", name}, {"result", result}})
            .Increment(static_cast<double>(k));
      });
}

void Alerts::AddRuleSeries(const std::string& name) {
  for (const char* state : {"inactive", "pending", "firing"}) {
    state_gauge_->Add({{"alertname", name}, {"state", state}});
  }
  groups_rejected_->Add({{"alertname", name}});
}

void Alerts::Index(const std::vector<metrics::MicroMetric>& metrics) {
  rules_by_metric_.assign(metrics.size(), {});
  feedback_rules_.clear();
  for (size_t r = 0; r < rules_.size(); ++r) {
    Rule& rule = rules_[r];
    const auto& spec = rule.rule->spec();
    rule.shadow = false;
    std::string metric_definition;
    for (size_t i = 0; i < metrics.size(); ++i) {
      if (metrics[i].name == spec.metric) {
        rule.shadow = metrics[i].stage == metrics::Stage::kShadow;
        rules_by_metric_[i].push_back(r);
        metric_definition = metrics[i].definition;
      }
    }
    rule.fingerprint = Hash(spec.definition + "\x1e" + metric_definition);
    if (series::IsFeedbackRule(spec.metric)) feedback_rules_.push_back(r);
    rule.notifiers.clear();
    for (const auto& n : spec.notify) {
      rule.notifiers.push_back(notifiers_.at(n).get());
    }
  }
}

void Alerts::Retire(Rule& rule, bool name_remains, AlertClock::time_point now) {
  const auto& spec = rule.rule->spec();
  for (const auto& a : rule.rule->Instances()) {
    const std::string key = Key(spec.name, a.labels);
    if (auto it = active_series_.find(key); it != active_series_.end()) {
      alerts_gauge_->Remove(it->second);
      active_series_.erase(it);
    }
    if (a.status == AlertStatus::kFiring && !rule.shadow) {
      Notify(rule, a, true, now);
    }
    sent_.erase(key);
  }
  if (name_remains) return;
  for (const char* state : {"inactive", "pending", "firing"}) {
    state_gauge_->Remove(
        &state_gauge_->Add({{"alertname", spec.name}, {"state", state}}));
  }
  groups_rejected_->Remove(&groups_rejected_->Add({{"alertname", spec.name}}));
}

void Alerts::Reload(const config::Config& next,
                    const config::ConfigChanges& changes,
                    AlertClock::time_point now) {
  std::map<std::string, Rule> old;
  for (auto& rule : rules_) {
    std::string name = rule.rule->spec().name;
    old.emplace(std::move(name), std::move(rule));
  }
  rules_.clear();
  const std::set<std::string> unchanged(changes.metrics_unchanged.begin(),
                                        changes.metrics_unchanged.end());
  std::set<std::string> names;
  for (const auto& spec : next.alerts) {
    names.insert(spec.name);
    auto it = old.find(spec.name);
    const bool same_input =
        series::IsFeedbackRule(spec.metric) || unchanged.contains(spec.metric);
    if (it != old.end() &&
        it->second.rule->spec().definition == spec.definition && same_input) {
      rules_.push_back(std::move(it->second));
      old.erase(it);
      continue;
    }
    Rule rule;
    rule.rule = std::make_unique<metrics::AlertRule>(spec);
    AddRuleSeries(spec.name);
    rules_.push_back(std::move(rule));
  }
  // Alerts of rules that leave end now, through the notifiers they had.
  for (auto& [name, rule] : old) Retire(rule, names.contains(name), now);
  Flush();  // through the notifiers they had, before those are replaced
  std::lock_guard notifiers_lock(notifiers_mu_);

  std::map<std::string, std::unique_ptr<Notifier>> notifiers;
  for (const auto& n : next.notifiers) {
    auto it = notifiers_.find(n.name);
    if (it != notifiers_.end() && it->second->config() == n) {
      notifiers.emplace(n.name, std::move(it->second));
      notifiers_.erase(it);
      continue;
    }
    auto fresh = MakeNotifier(n);
    if (it != notifiers_.end()) fresh->Adopt(it->second->TakeOutbox());
    if (started_) fresh->Start();
    notifiers.emplace(n.name, std::move(fresh));
  }
  for (const auto& [name, n] : notifiers_) {
    if (const size_t queued = n->queued()) {
      spdlog::warn("notifier {} removed from the config: {} queued {} dropped",
                   name, queued,
                   queued == 1 ? "notification" : "notifications");
    }
  }
  notifiers_ = std::move(notifiers);  // removed ones stop here
  Index(next.metrics);
}

void Alerts::Observe(size_t metric_index, const metrics::Event& event,
                     const metrics::Verdict& verdict,
                     AlertClock::time_point t) {
  for (size_t r : rules_by_metric_[metric_index]) {
    rules_[r].rule->Observe(event, verdict, t);
  }
}

void Alerts::ObserveFeedback(const std::string& kind,
                             const std::vector<std::string>* label_values,
                             AlertClock::time_point t) {
  if (feedback_rules_.empty()) return;
  // The joined labels are event fields; give the rule an event with them.
  metrics::Event event;
  if (label_values) {
    for (size_t i = 0; i < config_.labels.size(); ++i) {
      const std::string& field = config_.labels[i];
      const std::string& value = (*label_values)[i];
      if (field == "model")
        event.model = value;
      else if (field == "provider")
        event.provider = value;
      else if (field == "prompt_version")
        event.prompt_version = value;
      else if (field == "route")
        event.route = value;
      else if (field == "tenant")
        event.tenant = value;
      else if (field == "locale")
        event.locale = value;
      else if (field == "channel")
        event.channel = value;
      else if (field.starts_with("attributes.")) {
        event.attributes.emplace_back(field.substr(11), value);
      }
    }
  }
  for (size_t r : feedback_rules_) {
    const bool mine =
        series::FeedbackKind(rules_[r].rule->spec().metric) == kind;
    rules_[r].rule->Observe(
        event, mine ? metrics::Verdict::Fail(kind) : metrics::Verdict::Pass(),
        t);
  }
}

void Alerts::Start() {
  started_ = true;
  if (config_.alerting.sent_by == config::AlertingConfig::SentBy::kPrometheus &&
      !rules_.empty()) {
    spdlog::info(
        "alerting.sent_by: prometheus: {} alert rules are evaluated here "
        "(GET /api/v1/alerts, micrometrics_alerts) and notify nobody; "
        "Prometheus sends them from `micrometricsd export prometheus-rules`",
        rules_.size());
  }
  for (auto& [name, notifier] : notifiers_) notifier->Start();
  // Always ticking, so that rules added by a reload are evaluated too.
  timer_ = std::make_unique<boost::asio::steady_timer>(ioc_);
  ReloadGate::Reader reader(gate_);
  if (state_file_) {
    const auto now = AlertClock::now();
    RestoreState(now);
    // At once, not one interval later: what cleared while the daemon was
    // down resolves now, and what still holds goes on firing unpaged.
    Evaluate(now);
    state_file_->Submit(EncodeState());
  }
  Schedule();
}

void Alerts::Schedule() {
  timer_->expires_after(config_.alerting.evaluation_interval);
  timer_->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    ReloadGate::Reader reader(gate_);
    Evaluate(AlertClock::now());
    if (state_file_) state_file_->Submit(EncodeState());
    Schedule();
  });
}

void Alerts::SaveState() {
  if (!state_file_) return;
  ReloadGate::Reader reader(gate_);
  if (state_file_->WriteNow(EncodeState())) {
    spdlog::info("alert state saved to {}", state_file_->path());
  }
}

std::string Alerts::EncodeState() const {
  AlertState state;
  state.saved_at = AlertClock::now();
  for (const auto& rule : rules_) {
    state.rules.push_back(
        {rule.rule->spec().name, rule.fingerprint, rule.rule->Snapshot()});
  }
  for (const auto& [key, sent] : sent_) {
    state.sent.push_back(
        {sent.rule, sent.labels, sent.starts_at, sent.last_sent});
  }
  return EncodeAlertState(state);
}

void Alerts::RestoreState(AlertClock::time_point now) {
  const std::string& path = state_file_->path();
  std::optional<AlertState> state;
  try {
    state = state_file_->Read();
  } catch (const std::exception& e) {
    spdlog::error("alert state: cannot restore {}: {}; starting without it",
                  path, e.what());
    return;
  }
  if (!state) {
    spdlog::info("alert state: no {} yet, starting without one", path);
    return;
  }
  for (const auto& s : state->sent) {
    sent_[Key(s.rule, s.labels)] = {s.starts_at, s.last_sent, s.rule, s.labels};
  }
  std::set<std::string> restored_rules;
  size_t groups = 0;
  size_t pending = 0;
  size_t firing = 0;
  for (const auto& saved : state->rules) {
    auto it = std::find_if(rules_.begin(), rules_.end(), [&](const Rule& r) {
      return r.rule->spec().name == saved.name;
    });
    size_t saved_firing = 0;
    for (const auto& g : saved.groups) {
      saved_firing += g.alert.status == AlertStatus::kFiring ? 1 : 0;
    }
    if (it == rules_.end()) {
      if (saved_firing > 0) {
        spdlog::warn(
            "alert state: rule {} left the config while the daemon was down; "
            "its {} firing alerts get no resolved notification (Alertmanager "
            "ends them after its resolve_timeout)",
            saved.name, saved_firing);
      }
      continue;
    }
    Rule& rule = *it;
    if (rule.fingerprint != saved.fingerprint) {
      // Edited while the daemon was down: its alerts end now, as a reload
      // would end them, and the rule starts fresh.
      spdlog::info(
          "alert state: rule {} changed while the daemon was down; starting "
          "it fresh ({} firing alerts resolved)",
          saved.name, saved_firing);
      for (const auto& g : saved.groups) {
        if (g.alert.status == AlertStatus::kFiring && !rule.shadow) {
          Notify(rule, g.alert, true, now);
        }
      }
      continue;
    }
    groups += rule.rule->Restore(saved.groups);
    restored_rules.insert(saved.name);
    for (const auto& a : rule.rule->Instances()) {
      pending += a.status == AlertStatus::kPending ? 1 : 0;
      firing += a.status == AlertStatus::kFiring ? 1 : 0;
      SetActiveSeries(rule.rule->spec(), a);
    }
  }
  std::erase_if(sent_, [&](const auto& entry) {
    return !restored_rules.contains(entry.second.rule);
  });
  spdlog::info(
      "alert state: restored {} groups of {} rules from {} (saved {:.0f}s "
      "ago): {} pending, {} firing",
      groups, restored_rules.size(), path,
      std::chrono::duration<double>(now - state->saved_at).count(), pending,
      firing);
}

void Alerts::SetActiveSeries(const metrics::AlertRuleSpec& spec,
                             const metrics::AlertInstance& alert) {
  const std::string key = Key(spec.name, alert.labels);
  if (auto it = active_series_.find(key); it != active_series_.end()) {
    alerts_gauge_->Remove(it->second);
    active_series_.erase(it);
  }
  if (alert.status == AlertStatus::kInactive) return;
  std::map<std::string, std::string> l = {
      {"alertname", spec.name},
      {"alertstate", std::string(metrics::AlertStatusName(alert.status))}};
  if (!spec.severity.empty()) l["severity"] = spec.severity;
  for (const auto& [k, v] : alert.labels) l[k] = v;
  auto& g = alerts_gauge_->Add(l);
  g.Set(1);
  active_series_[key] = &g;
}

std::vector<StatusPage::Alert> Alerts::Active() const {
  std::vector<StatusPage::Alert> out;
  for (const auto& rule : rules_) {
    const auto& spec = rule.rule->spec();
    for (const auto& a : rule.rule->Instances()) {
      if (a.status == AlertStatus::kInactive) continue;
      out.push_back({spec.name, spec.metric,
                     std::string(metrics::AlertStatusName(a.status)),
                     spec.condition.ToString(), spec.severity, a.labels,
                     metrics::FormatRfc3339(a.active_at), a.value});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.state == "firing" && b.state != "firing";
  });
  return out;
}

void Alerts::SetFirstSeenSeries() {
  // Label names as on micrometrics_checks_total, so PromQL can join them.
  std::map<std::map<std::string, std::string>, double> wanted;
  for (const auto& rule : rules_) {
    const auto& spec = rule.rule->spec();
    if (spec.baseline.label.empty()) continue;
    for (const auto& seen : rule.rule->LabelValuesSeen()) {
      std::map<std::string, std::string> l = {{"rule", spec.name},
                                              {"metric", spec.metric}};
      for (const auto& [field, value] : seen.group) {
        l[metrics::LabelNameForField(field)] = value;
      }
      l[metrics::LabelNameForField(spec.baseline.label)] = seen.value;
      wanted[std::move(l)] =
          std::chrono::duration<double>(seen.first_seen.time_since_epoch())
              .count();
    }
  }
  for (auto it = first_seen_series_.begin(); it != first_seen_series_.end();) {
    if (wanted.contains(it->first)) {
      ++it;
      continue;
    }
    first_seen_gauge_->Remove(it->second);
    it = first_seen_series_.erase(it);
  }
  for (const auto& [labels, t] : wanted) {
    auto [it, fresh] = first_seen_series_.try_emplace(labels, nullptr);
    if (fresh) it->second = &first_seen_gauge_->Add(labels);
    it->second->Set(t);
  }
}

void Alerts::Notify(const Rule& rule, const metrics::AlertInstance& alert,
                    bool resolved, AlertClock::time_point now) {
  const auto& spec = rule.rule->spec();
  const std::string key = Key(spec.name, alert.labels);
  auto [it, inserted] = sent_.try_emplace(
      key, Sent{alert.fired_at, now, spec.name, alert.labels});
  it->second.last_sent = now;
  json labels = {{"alertname", spec.name}};
  if (!spec.severity.empty()) labels["severity"] = spec.severity;
  labels["metric"] = spec.metric;
  for (const auto& [k, v] : alert.labels) labels[k] = v;
  json annotations = json::object();
  for (const auto& [k, v] : spec.annotations) {
    annotations[k] = ExpandTemplate(v, alert.labels, alert.value);
  }
  // From the page straight to what the failures looked like.
  std::string source = generator_url_ + "/api/v1/alerts";
  if (!series::IsFeedbackRule(spec.metric)) {
    source = generator_url_ + "/api/v1/examples?metric=" + spec.metric;
    if (!annotations.contains("examples")) annotations["examples"] = source;
  }
  json item = {{"labels", labels},
               {"annotations", annotations},
               {"startsAt", metrics::FormatRfc3339(it->second.starts_at)},
               {"endsAt", resolved ? metrics::FormatRfc3339(now)
                                   : "0001-01-01T00:00:00Z"},
               {"generatorURL", source}};
  if (resolved) sent_.erase(it);
  // A fleet: Prometheus sends the alert, once, from the exported rules.
  if (config_.alerting.sent_by == config::AlertingConfig::SentBy::kPrometheus) {
    return;
  }
  for (Notifier* n : rule.notifiers) {
    const auto& nc = n->config();
    if (nc.type == config::NotifierConfig::Type::kAlertmanager) {
      json alert_item = item;
      if (!resolved) alert_item.erase("endsAt");
      held_[n].push_back(alert_item.dump());
      continue;
    }
    const std::string status = resolved ? "resolved" : "firing";
    if (nc.slack) {
      std::string text = "[" + std::string(resolved ? "RESOLVED" : "FIRING") +
                         "] " + spec.name;
      for (const auto& [k, v] : alert.labels) text += " " + k + "=" + v;
      if (annotations.contains("summary")) {
        text += ": " + annotations["summary"].get<std::string>();
      }
      held_[n].push_back(json{{"text", text}}.dump());
      continue;
    }
    json alert_json = item;
    alert_json["status"] = status;
    alert_json["fingerprint"] = Fingerprint(labels);
    json webhook = {{"version", "4"},
                    {"groupKey", "{}:{alertname=\"" + spec.name + "\"}"},
                    {"truncatedAlerts", 0},
                    {"status", status},
                    {"receiver", nc.name},
                    {"groupLabels", {{"alertname", spec.name}}},
                    {"commonLabels", labels},
                    {"commonAnnotations", annotations},
                    {"externalURL", generator_url_},
                    {"alerts", json::array({alert_json})}};
    held_[n].push_back(webhook.dump());
  }
}

void Alerts::Evaluate(AlertClock::time_point now) {
  for (auto& rule : rules_) {
    const auto& spec = rule.rule->spec();
    for (const auto& t : rule.rule->Evaluate(now)) {
      std::string labels;
      for (const auto& [k, v] : t.alert.labels) labels += " " + k + "=" + v;
      spdlog::info("alert {}{}: {} -> {} (value {})", spec.name, labels,
                   metrics::AlertStatusName(t.from),
                   metrics::AlertStatusName(t.alert.status),
                   FormatValue(t.alert.value));
      SetActiveSeries(spec, t.alert);
      if (t.alert.status == AlertStatus::kFiring && book_) {
        book_->MarkAlert(spec.metric, std::chrono::system_clock::now());
      }
      if (rule.shadow) continue;  // shadow metrics never notify
      if (t.alert.status == AlertStatus::kFiring) {
        Notify(rule, t.alert, false, now);
      } else if (t.resolved) {
        Notify(rule, t.alert, true, now);
      }
    }
    // Counts per state, re-sends while firing.
    std::map<std::string, double> counts = {
        {"inactive", 0}, {"pending", 0}, {"firing", 0}};
    for (const auto& a : rule.rule->Instances()) {
      ++counts[std::string(metrics::AlertStatusName(a.status))];
      if (!rule.shadow && a.status == AlertStatus::kFiring) {
        auto it = sent_.find(Key(spec.name, a.labels));
        if (it != sent_.end() &&
            now - it->second.last_sent >= config_.alerting.resend_interval) {
          Notify(rule, a, false, now);
        }
      }
    }
    for (const auto& [state, n] : counts) {
      state_gauge_->Add({{"alertname", spec.name}, {"state", state}}).Set(n);
    }
    const uint64_t rejected = rule.rule->groups_rejected();
    if (rejected > rule.rejected_reported) {
      groups_rejected_->Add({{"alertname", spec.name}})
          .Increment(static_cast<double>(rejected - rule.rejected_reported));
      rule.rejected_reported = rejected;
    }
  }
  SetFirstSeenSeries();
  Flush();
}

void Alerts::Flush() {
  // One hand-over per notifier and round: what became due together goes
  // out together (one POST to Alertmanager).
  for (auto& [notifier, list] : held_) notifier->Send(std::move(list));
  held_.clear();
}

std::string Alerts::ToJson() const {
  json rules = json::array();
  for (const auto& rule : rules_) {
    const auto& spec = rule.rule->spec();
    json groups = json::array();
    for (const auto& a : rule.rule->Instances()) {
      json labels = json::object();
      for (const auto& [k, v] : a.labels) labels[k] = v;
      json g = {{"labels", labels},
                {"state", std::string(metrics::AlertStatusName(a.status))},
                {"value", a.value}};
      if (a.baseline_value) g["baseline"] = *a.baseline_value;
      if (a.status != AlertStatus::kInactive)
        g["active_at"] = metrics::FormatRfc3339(a.active_at);
      if (a.status == AlertStatus::kFiring)
        g["fired_at"] = metrics::FormatRfc3339(a.fired_at);
      groups.push_back(std::move(g));
    }
    rules.push_back(
        {{"name", spec.name},
         {"metric", spec.metric},
         {"condition", spec.condition.ToString()},
         {"window_seconds", std::chrono::duration<double>(spec.window).count()},
         {"for_seconds",
          std::chrono::duration<double>(spec.for_duration).count()},
         {"severity", spec.severity},
         {"shadow", rule.shadow},
         {"groups", std::move(groups)}});
  }
  return json{{"alerts", std::move(rules)}}.dump();
}

}  // namespace micrometrics::daemon
