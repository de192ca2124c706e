#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace micrometrics::metrics {

/// One metric as the lifecycle report sees it: its metadata (from config)
/// and how it behaved over a period (from a running daemon's
/// /api/v1/metrics, or from a replay).
struct MetricUsage {
  std::string name;
  std::string type;
  std::string owner;
  std::string stage;       ///< shadow, active, deprecated
  std::string created;     ///< YYYY-MM-DD or empty
  std::string review_by;   ///< YYYY-MM-DD or empty
  uint64_t evaluated = 0;  ///< pass + fail
  uint64_t fails = 0;
  uint64_t skipped = 0;
  uint64_t errors = 0;
  std::vector<std::string> alert_rules;
  /// Reports a value and never fails by design (cost): not judged by its
  /// fails.
  bool value_only = false;
  /// nullopt when unknown (a replay has no alerts).
  std::optional<bool> alerted;
};

struct LifecycleOptions {
  std::string today;   ///< YYYY-MM-DD
  std::string period;  ///< what the counts cover, for the header
  int due_within_days = 30;
  uint64_t min_events = 100;   ///< fewer evaluations say nothing
  double noisy_rate = 0.2;     ///< fail rate above which a metric is noise
  double skipped_share = 0.9;  ///< skipped share above which it is misaimed
  double error_share = 0.01;
};

/// One thing to act on. `kind` is one of: review_overdue, review_due,
/// no_owner, deprecated, never_failed, never_alerted, no_alert_rule,
/// mostly_skipped, noisy, errors, few_events.
struct LifecycleFinding {
  std::string metric;
  std::string kind;
  std::string detail;
};

struct LifecycleReport {
  LifecycleOptions options;
  std::vector<MetricUsage> metrics;
  std::vector<LifecycleFinding> findings;
};

LifecycleReport AssessLifecycle(std::vector<MetricUsage> metrics,
                                const LifecycleOptions& options);

std::string RenderLifecycleTable(const LifecycleReport& report);
std::string RenderLifecycleMarkdown(const LifecycleReport& report);
std::string RenderLifecycleJson(const LifecycleReport& report);

/// Whole days from `from` to `to` (both YYYY-MM-DD); nullopt if malformed.
std::optional<int> DaysBetween(const std::string& from, const std::string& to);

}  // namespace micrometrics::metrics
