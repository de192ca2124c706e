#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "metrics/alerting/condition.h"
#include "metrics/alerting/window.h"
#include "metrics/event.h"
#include "metrics/verdict.h"

namespace micrometrics::metrics {

using AlertLabels = std::vector<std::pair<std::string, std::string>>;

/// One alert rule as configured (`alerts:`), plain values.
struct AlertRuleSpec {
  std::string name;
  std::string metric;
  Condition condition;
  AlertClock::duration window = std::chrono::minutes(5);
  uint64_t min_events = 0;
  AlertClock::duration for_duration{0};
  AlertClock::duration keep_firing_for{0};
  /// Event fields whose values split the rule into groups.
  std::vector<std::string> group_by;
  std::string severity;
  AlertLabels annotations;
  std::vector<std::string> notify;
  /// Regression baseline: the previous value of `label`, or the same group
  /// over the trailing `window`. Used when the condition is relative.
  struct Baseline {
    std::string label;
    AlertClock::duration window{std::chrono::hours(24)};
  } baseline;
  /// Confidence of the regression test (one-sided two-proportion z-test).
  double confidence = 0.95;
  size_t max_groups = 1000;
  /// Groups without events for this long are dropped (resolving them).
  AlertClock::duration idle_expiry = std::chrono::hours(24);
  /// The rule as written, canonical: equal definitions behave identically
  /// (config reload keeps such a rule's windows and states).
  std::string definition;
};

enum class AlertStatus { kInactive, kPending, kFiring };
std::string_view AlertStatusName(AlertStatus status);

/// One group of one rule, as Prometheus shows an alert.
struct AlertInstance {
  AlertLabels labels;  ///< group_by values (and the baseline label's value)
  AlertStatus status = AlertStatus::kInactive;
  double value = 0;  ///< the condition's left side at the last evaluation
  std::optional<double> baseline_value;
  AlertClock::time_point active_at{};  ///< condition first true
  AlertClock::time_point fired_at{};
  AlertClock::time_point last_true{};
};

/// A state change found by Evaluate.
struct AlertTransition {
  AlertInstance alert;  ///< after the change
  AlertStatus from = AlertStatus::kInactive;
  bool resolved = false;  ///< firing -> inactive
};

/// One group of a rule as plain values (labels, alert state, windows): what
/// a restart carries over, so that `for`, firing alerts and their
/// conditions continue where they were.
struct AlertGroupSnapshot {
  AlertLabels labels;
  AlertInstance alert;
  AlertClock::time_point last_event{};
  WindowSnapshot current;
  std::optional<WindowSnapshot> history;
  struct Version {
    std::string value;
    WindowSnapshot current;
    WindowSnapshot history;
    AlertClock::time_point first_seen{};
  };
  std::vector<Version> versions;
};

/// When a group of a `baseline: {label: ...}` rule first saw a value of the
/// label: the order the regression follows, exported so that Prometheus
/// can find the newest value and the one before it across a fleet.
struct LabelValueSeen {
  AlertLabels group;  ///< group_by values
  std::string value;  ///< of the baseline label
  AlertClock::time_point first_seen{};
};

/// A rule's windows and alert states. Observe is called by the worker
/// threads for every verdict of the rule's metric; Evaluate by the alerting
/// timer. Thread-safe: one mutex guards the groups.
class AlertRule {
 public:
  explicit AlertRule(AlertRuleSpec spec);
  const AlertRuleSpec& spec() const { return spec_; }

  void Observe(const Event& event, const Verdict& verdict,
               AlertClock::time_point t);
  /// Applies the condition to every group at `now`; returns the changes.
  std::vector<AlertTransition> Evaluate(AlertClock::time_point now);
  std::vector<AlertInstance> Instances() const;
  std::vector<AlertGroupSnapshot> Snapshot() const;
  /// Puts back groups of a snapshot of a rule with the same definition
  /// (call before the first Observe). Groups whose labels do not match
  /// group_by, or beyond max_groups, are skipped; returns how many were
  /// restored.
  size_t Restore(const std::vector<AlertGroupSnapshot>& groups);
  /// Groups turned away because the rule already had max_groups.
  uint64_t groups_rejected() const;
  /// The baseline label's values each group keeps (at most 4 per group),
  /// oldest first; empty unless the rule has `baseline: {label: ...}`.
  std::vector<LabelValueSeen> LabelValuesSeen() const;

 private:
  struct Version {
    std::string value;
    SlidingWindow current;
    SlidingWindow history;
    AlertClock::time_point first_seen{};
  };
  struct Group {
    AlertLabels labels;
    SlidingWindow current;
    std::optional<SlidingWindow> history;  // window baseline
    std::vector<Version> versions;         // label baseline, oldest first
    AlertInstance alert;
    AlertClock::time_point last_event{};
  };
  Group* FindOrAddGroup(const Event& event);
  Group* AddGroup(std::string key, AlertLabels labels);
  /// The condition's value and whether it holds, for one group.
  bool Check(Group& group, AlertClock::time_point now, double* value,
             std::optional<double>* baseline, AlertLabels* extra_labels);
  std::optional<AlertTransition> Step(Group& group, bool holds, double value,
                                      std::optional<double> baseline,
                                      AlertLabels extra,
                                      AlertClock::time_point now);

  static constexpr int kBuckets = 30;
  static constexpr size_t kMaxVersions = 4;
  AlertRuleSpec spec_;
  bool track_values_;
  mutable std::mutex mu_;
  std::map<std::string, Group> groups_;
  uint64_t groups_rejected_ = 0;
};

}  // namespace micrometrics::metrics
