#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "config/changes.h"
#include "config/config.h"
#include "daemon/alerting/alert_state.h"
#include "daemon/alerting/notifier.h"
#include "daemon/exposition/collectable.h"
#include "daemon/pipeline/metric_book.h"
#include "daemon/pipeline/reload_gate.h"
#include "daemon/status/status_page.h"
#include "metrics/alerting/alert_rule.h"

namespace micrometrics::daemon {

/// The sidecar's own alerting: the rules of `alerts:` fed by every verdict
/// of their metrics, evaluated on a timer off the ingest path, exported as
/// series, logged on every state change, and sent to the notifiers (never
/// for shadow-stage metrics). Observe is thread-safe (each rule locks
/// itself); Evaluate runs on the io_context's timer, one call at a time.
/// Callers of Observe, ObserveFeedback, Evaluate and ToJson hold a Reader of
/// `gate` (the timer takes its own); Reload holds the Writer. Owns the
/// alert series (micrometrics_alert_state, _alerts, _notifications_total,
/// _alert_groups_rejected_total).
class Alerts final : public Collectable {
 public:
  Alerts(const config::Config& config, boost::asio::io_context& ioc,
         ReloadGate& gate, std::string generator_url,
         MetricBook* book = nullptr);
  ~Alerts() override;

  /// Config reload, with the gate's Writer held. `next` is the config being
  /// applied (its metrics in their new order). A rule whose definition and
  /// metric are unchanged keeps its windows, states and pending alerts;
  /// removed or changed rules end their alerts (resolved notifications for
  /// firing ones). Notifiers with new settings take over the old outbox.
  void Reload(const config::Config& next, const config::ConfigChanges& changes,
              metrics::AlertClock::time_point now);

  void Collect(TextWriter& out) const override;

  /// Called for every verdict of metric `metric_index`.
  void Observe(size_t metric_index, const metrics::Event& event,
               const metrics::Verdict& verdict,
               metrics::AlertClock::time_point t);
  /// Called for every feedback: rules on `feedback:KIND` see a fail when
  /// the kind is theirs and a pass otherwise, grouped by the joined event's
  /// labels (empty when unmatched).
  void ObserveFeedback(const std::string& kind,
                       const std::vector<std::string>* label_values,
                       metrics::AlertClock::time_point t);
  /// Restores the state of alerting.state_file (if any), evaluates once so
  /// that alerts whose condition cleared while the daemon was down resolve
  /// now, then starts the evaluation timer and the notifiers.
  void Start();
  /// Writes alerting.state_file now (shutdown, after the last verdicts);
  /// takes a Reader of the gate itself.
  void SaveState();
  /// One evaluation round at `now` (the timer calls it; tests may too).
  void Evaluate(metrics::AlertClock::time_point now);
  /// GET /api/v1/alerts: rules, groups, states, values, since when.
  std::string ToJson() const;
  /// Pending and firing alerts for the status page, firing first.
  std::vector<StatusPage::Alert> Active() const;
  bool empty() const { return rules_.empty(); }
  /// The daemon's base URL (http://host:port), once its port is known:
  /// generatorURL is its /api/v1/examples?metric=NAME (/api/v1/alerts for
  /// feedback rules).
  void set_generator_url(std::string url) { generator_url_ = std::move(url); }

 private:
  struct Rule {
    std::unique_ptr<metrics::AlertRule> rule;
    bool shadow = false;
    std::vector<Notifier*> notifiers;
    uint64_t rejected_reported = 0;
    /// Of the rule's definition and its metric's (AlertState::Rule).
    std::string fingerprint;
  };
  struct Sent {
    metrics::AlertClock::time_point starts_at;
    metrics::AlertClock::time_point last_sent;
    std::string rule;
    metrics::AlertLabels labels;
  };
  void Notify(const Rule& rule, const metrics::AlertInstance& alert,
              bool resolved, metrics::AlertClock::time_point now);
  void Schedule();
  /// Hands the notifications Notify held to their notifiers.
  void Flush();
  /// The state to keep across a restart, encoded.
  std::string EncodeState() const;
  /// Puts back what state_file_ holds (Start).
  void RestoreState(metrics::AlertClock::time_point now);
  std::unique_ptr<Notifier> MakeNotifier(const config::NotifierConfig& n);
  /// Builds rules_by_metric_, feedback_rules_, shadow flags and notifier
  /// pointers of rules_ for `metrics`.
  void Index(const std::vector<metrics::MicroMetric>& metrics);
  void AddRuleSeries(const std::string& name);
  /// micrometrics_alerts{alertstate} of one group: set while pending or
  /// firing, removed when inactive.
  void SetActiveSeries(const metrics::AlertRuleSpec& spec,
                       const metrics::AlertInstance& alert);
  /// micrometrics_alert_label_first_seen_timestamp_seconds: one series per
  /// group and baseline value the rules keep, set after each evaluation.
  void SetFirstSeenSeries();
  /// A rule leaves (removed or replaced): its alerts end now.
  void Retire(Rule& rule, bool name_remains,
              metrics::AlertClock::time_point now);

  const config::Config& config_;
  boost::asio::io_context& ioc_;
  ReloadGate& gate_;
  MetricBook* book_;
  bool started_ = false;
  std::string generator_url_;
  std::vector<Rule> rules_;
  std::vector<std::vector<size_t>> rules_by_metric_;
  std::vector<size_t> feedback_rules_;
  /// Guards the map (not the notifiers) for the scrape; Reload swaps it.
  mutable std::mutex notifiers_mu_;
  std::map<std::string, std::unique_ptr<Notifier>> notifiers_;
  /// Notifications of the current round, by notifier (Flush).
  std::map<Notifier*, std::vector<std::string>> held_;
  std::map<std::string, Sent> sent_;  // by rule and labels
  std::unique_ptr<boost::asio::steady_timer> timer_;
  std::unique_ptr<AlertStateFile> state_file_;
  /// Labels known only at run time, changed at the rate of alert states.
  prometheus::Registry registry_;
  prometheus::Family<prometheus::Gauge>* state_gauge_;
  prometheus::Family<prometheus::Gauge>* alerts_gauge_;
  prometheus::Family<prometheus::Counter>* notifications_;
  prometheus::Family<prometheus::Counter>* groups_rejected_;
  std::map<std::string, prometheus::Gauge*> active_series_;
  prometheus::Family<prometheus::Gauge>* first_seen_gauge_;
  std::map<std::map<std::string, std::string>, prometheus::Gauge*>
      first_seen_series_;
};

/// `{{ $labels.x }}` and `{{ $value }}` in annotations, as in Prometheus.
std::string ExpandTemplate(const std::string& text,
                           const metrics::AlertLabels& labels, double value);

}  // namespace micrometrics::daemon
