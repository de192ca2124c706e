#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "metrics/evaluator.h"
#include "metrics/event.h"

namespace micrometrics::metrics {

/// `when:`: the event must have, for every listed field, one of the listed
/// values. An empty filter matches every event. Immutable; thread-safe.
struct EventFilter {
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;
  bool Matches(const Event& event) const;
};

/// One configured micro metric: its identity and metadata from config, which
/// events it looks at (`when:`, `sample:`), and its evaluator. Immutable after
/// config load; safe to share between worker threads.
struct MicroMetric {
  std::string name;
  std::string type;
  std::string description;
  std::string owner;
  Stage stage = Stage::kActive;
  std::string created;    ///< YYYY-MM-DD, or empty
  std::string review_by;  ///< YYYY-MM-DD, or empty
  EventFilter when;
  double sample = 1.0;
  std::shared_ptr<const Evaluator> evaluator;
  /// From the type's factory: a counter that sums verdict values (cost).
  EvaluatorFactory::ValueCounter value_counter;
  /// Upper bounds of micrometrics_check_value's buckets (increasing): from
  /// `value_buckets:`, and the thresholds of value_p95/value_p99 rules on
  /// the metric. Empty: no histogram.
  std::vector<double> value_buckets;
  /// What the metric evaluates (type, params, when, sample) as canonical
  /// text, without its metadata: metrics with equal definitions give equal
  /// verdicts, so config reload keeps their evaluator and their counts.
  std::string definition;

  /// True when this metric should evaluate `event`: the filter matches and
  /// the event falls into the sample. Sampling is deterministic for events
  /// with an id (the same event gets the same decision in the daemon and in
  /// replay), random otherwise.
  bool Selects(const Event& event) const;
};

/// A uniform number in [0, 1) from a hash of `salt` and `key`: the same
/// everywhere for the same pair (replicas, replay). `sample:` and the
/// judge's sampling use it with the metric name as the salt, so that
/// metrics sample independent subsets.
double SampleUnit(std::string_view salt, std::string_view key);

}  // namespace micrometrics::metrics
