#include "metrics/alerting/alert_rule.h"

#include <algorithm>

#include "metrics/alerting/statistics.h"

namespace micrometrics::metrics {

std::string_view AlertStatusName(AlertStatus status) {
  switch (status) {
    case AlertStatus::kInactive:
      return "inactive";
    case AlertStatus::kPending:
      return "pending";
    case AlertStatus::kFiring:
      return "firing";
  }
  return "inactive";
}

AlertRule::AlertRule(AlertRuleSpec spec)
    : spec_(std::move(spec)),
      track_values_(spec_.condition.subject == Condition::Subject::kValueP95 ||
                    spec_.condition.subject == Condition::Subject::kValueP99) {}

AlertRule::Group* AlertRule::FindOrAddGroup(const Event& event) {
  std::string key;
  AlertLabels labels;
  for (const auto& field : spec_.group_by) {
    std::string value = event.Field(field).value_or("");
    key += value;
    key += '\x1f';
    labels.emplace_back(field, std::move(value));
  }
  auto it = groups_.find(key);
  if (it != groups_.end()) return &it->second;
  if (groups_.size() >= spec_.max_groups) {
    ++groups_rejected_;
    return nullptr;
  }
  return AddGroup(std::move(key), std::move(labels));
}

AlertRule::Group* AlertRule::AddGroup(std::string key, AlertLabels labels) {
  const bool by_window =
      spec_.condition.relative_to_baseline && spec_.baseline.label.empty();
  Group group{std::move(labels),
              SlidingWindow(spec_.window, kBuckets, track_values_),
              std::nullopt,
              {},
              {},
              {}};
  if (by_window) {
    group.history.emplace(spec_.baseline.window, 96, false);
  }
  group.alert.labels = group.labels;
  return &groups_.emplace(std::move(key), std::move(group)).first->second;
}

void AlertRule::Observe(const Event& event, const Verdict& verdict,
                        AlertClock::time_point t) {
  std::lock_guard lock(mu_);
  Group* group = FindOrAddGroup(event);
  if (!group) return;
  group->last_event = std::max(group->last_event, t);
  group->current.Add(t, verdict.outcome, verdict.value);
  if (group->history) group->history->Add(t, verdict.outcome, verdict.value);
  if (spec_.condition.relative_to_baseline && !spec_.baseline.label.empty()) {
    std::string value = event.Field(spec_.baseline.label).value_or("");
    auto it = std::find_if(group->versions.begin(), group->versions.end(),
                           [&](const Version& v) { return v.value == value; });
    if (it == group->versions.end()) {
      // A new prompt version (or model, ...): the newest is compared with
      // the one before it. Keep only the last few.
      if (group->versions.size() >= kMaxVersions) {
        group->versions.erase(group->versions.begin());
      }
      group->versions.push_back(
          {value, SlidingWindow(spec_.window, kBuckets, false),
           SlidingWindow(spec_.baseline.window, 96, false), t});
      it = group->versions.end() - 1;
    }
    it->first_seen = std::min(it->first_seen, t);  // events out of order
    it->current.Add(t, verdict.outcome, verdict.value);
    it->history.Add(t, verdict.outcome, verdict.value);
  }
}

bool AlertRule::Check(Group& group, AlertClock::time_point now, double* value,
                      std::optional<double>* baseline,
                      AlertLabels* extra_labels) {
  const Condition& c = spec_.condition;
  if (c.relative_to_baseline) {
    WindowTotals current;
    WindowTotals base;
    if (!spec_.baseline.label.empty()) {
      if (group.versions.size() < 2) return false;
      const Version& newest = group.versions.back();
      const Version& previous = group.versions[group.versions.size() - 2];
      current = newest.current.Sum(now);
      base = previous.history.Sum(now);
      extra_labels->emplace_back(spec_.baseline.label, newest.value);
      extra_labels->emplace_back("baseline_" + spec_.baseline.label,
                                 previous.value);
    } else {
      current = group.current.Sum(now);
      base = group.history->Sum(now);
      base.Subtract(current);  // the trailing window before this one
    }
    *value = current.FailRate();
    *baseline = base.FailRate();
    if (current.decided() < std::max<uint64_t>(spec_.min_events, 1) ||
        base.decided() < std::max<uint64_t>(spec_.min_events, 1)) {
      return false;
    }
    // Worse by the factor, and clearly so: one failure in three events
    // never pages anyone.
    const bool worse =
        c.Holds(current.FailRate(), c.threshold * base.FailRate());
    const double p = TwoProportionPValue(current.fail, current.decided(),
                                         base.fail, base.decided());
    return worse && p < 1 - spec_.confidence;
  }
  const WindowTotals totals = group.current.Sum(now);
  switch (c.subject) {
    case Condition::Subject::kEvents:
      *value = static_cast<double>(totals.events());
      return c.Holds(*value, c.threshold);
    case Condition::Subject::kFailRate:
      *value = totals.FailRate();
      break;
    case Condition::Subject::kFailCount:
      *value = static_cast<double>(totals.fail);
      break;
    case Condition::Subject::kValueP95:
    case Condition::Subject::kValueP99: {
      auto q = totals.ValueQuantile(
          c.subject == Condition::Subject::kValueP95 ? 0.95 : 0.99);
      if (!q) return false;
      *value = *q;
      break;
    }
  }
  if (totals.decided() < spec_.min_events) return false;
  return c.Holds(*value, c.threshold);
}

std::optional<AlertTransition> AlertRule::Step(Group& group, bool holds,
                                               double value,
                                               std::optional<double> baseline,
                                               AlertLabels extra,
                                               AlertClock::time_point now) {
  AlertInstance& a = group.alert;
  const AlertStatus before = a.status;
  a.value = value;
  a.baseline_value = baseline;
  if (holds) {
    a.labels = group.labels;
    a.labels.insert(a.labels.end(), extra.begin(), extra.end());
    a.last_true = now;
    if (a.status == AlertStatus::kInactive) {
      a.active_at = now;
      a.status = AlertStatus::kPending;
    }
    if (a.status == AlertStatus::kPending &&
        now - a.active_at >= spec_.for_duration) {
      a.status = AlertStatus::kFiring;
      a.fired_at = now;
    }
  } else if (a.status == AlertStatus::kPending) {
    a.status = AlertStatus::kInactive;
  } else if (a.status == AlertStatus::kFiring &&
             now - a.last_true >= spec_.keep_firing_for) {
    a.status = AlertStatus::kInactive;
  }
  if (a.status == before) return std::nullopt;
  return AlertTransition{
      a, before,
      before == AlertStatus::kFiring && a.status == AlertStatus::kInactive};
}

std::vector<AlertTransition> AlertRule::Evaluate(AlertClock::time_point now) {
  std::lock_guard lock(mu_);
  std::vector<AlertTransition> changes;
  for (auto it = groups_.begin(); it != groups_.end();) {
    Group& group = it->second;
    if (now - group.last_event >= spec_.idle_expiry) {
      // Gone quiet for good: drop the group, resolving what it fired.
      if (group.alert.status == AlertStatus::kFiring) {
        AlertTransition t{group.alert, AlertStatus::kFiring, true};
        t.alert.status = AlertStatus::kInactive;
        changes.push_back(std::move(t));
      }
      it = groups_.erase(it);
      continue;
    }
    double value = 0;
    std::optional<double> baseline;
    AlertLabels extra;
    bool holds = Check(group, now, &value, &baseline, &extra);
    if (auto t = Step(group, holds, value, baseline, std::move(extra), now)) {
      changes.push_back(std::move(*t));
    }
    ++it;
  }
  return changes;
}

std::vector<AlertInstance> AlertRule::Instances() const {
  std::lock_guard lock(mu_);
  std::vector<AlertInstance> out;
  for (const auto& [key, group] : groups_) out.push_back(group.alert);
  return out;
}

std::vector<LabelValueSeen> AlertRule::LabelValuesSeen() const {
  std::lock_guard lock(mu_);
  std::vector<LabelValueSeen> out;
  for (const auto& [key, group] : groups_) {
    for (const auto& v : group.versions) {
      out.push_back({group.labels, v.value, v.first_seen});
    }
  }
  return out;
}

uint64_t AlertRule::groups_rejected() const {
  std::lock_guard lock(mu_);
  return groups_rejected_;
}

std::vector<AlertGroupSnapshot> AlertRule::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<AlertGroupSnapshot> out;
  out.reserve(groups_.size());
  for (const auto& [key, g] : groups_) {
    AlertGroupSnapshot s{g.labels,     g.alert,
                         g.last_event, g.current.Snapshot(),
                         std::nullopt, {}};
    if (g.history) s.history = g.history->Snapshot();
    for (const auto& v : g.versions) {
      s.versions.push_back(
          {v.value, v.current.Snapshot(), v.history.Snapshot(), v.first_seen});
    }
    out.push_back(std::move(s));
  }
  return out;
}

size_t AlertRule::Restore(const std::vector<AlertGroupSnapshot>& groups) {
  std::lock_guard lock(mu_);
  size_t restored = 0;
  for (const auto& s : groups) {
    if (s.labels.size() != spec_.group_by.size()) continue;
    std::string key;
    bool matches = true;
    for (size_t i = 0; i < s.labels.size(); ++i) {
      matches = matches && s.labels[i].first == spec_.group_by[i];
      key += s.labels[i].second;
      key += '\x1f';
    }
    if (!matches || groups_.contains(key) ||
        groups_.size() >= spec_.max_groups) {
      continue;
    }
    Group* g = AddGroup(std::move(key), s.labels);
    g->alert = s.alert;
    g->last_event = s.last_event;
    g->current.Restore(s.current);
    if (g->history && s.history) g->history->Restore(*s.history);
    const bool by_label =
        spec_.condition.relative_to_baseline && !spec_.baseline.label.empty();
    for (const auto& v : s.versions) {
      if (!by_label || g->versions.size() >= kMaxVersions) break;
      Version version{v.value, SlidingWindow(spec_.window, kBuckets, false),
                      SlidingWindow(spec_.baseline.window, 96, false),
                      v.first_seen};
      version.current.Restore(v.current);
      version.history.Restore(v.history);
      g->versions.push_back(std::move(version));
    }
    ++restored;
  }
  return restored;
}

}  // namespace micrometrics::metrics
