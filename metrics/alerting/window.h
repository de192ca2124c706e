#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "metrics/verdict.h"

namespace micrometrics::metrics {

using AlertClock = std::chrono::system_clock;

/// What a window holds: outcomes, and optionally the distribution of values.
struct WindowTotals : OutcomeCounts {
  /// Value histogram on fixed log-spaced buckets (empty unless tracked).
  std::vector<uint32_t> values;

  uint64_t events() const { return total(); }
  /// The q-quantile (0..1) of the values, from the histogram (upper bound
  /// of the bucket holding it); nullopt without values.
  std::optional<double> ValueQuantile(double q) const;
  void Merge(const WindowTotals& other);
  void Subtract(const WindowTotals& other);
};

/// A window's non-empty buckets, as plain values: what a restart carries
/// over (daemon/alerting/alert_state).
struct WindowSnapshot {
  AlertClock::duration width{};
  /// (absolute bucket number, its totals), for buckets that hold verdicts.
  std::vector<std::pair<int64_t, WindowTotals>> buckets;
};

/// Verdicts of one group of one alert rule over a sliding time window, in
/// a ring of time buckets: bounded memory whatever the traffic. Not
/// thread-safe; the owning rule guards it.
class SlidingWindow {
 public:
  SlidingWindow(AlertClock::duration window, int buckets, bool track_values);

  void Add(AlertClock::time_point t, Outcome outcome,
           std::optional<double> value);
  WindowTotals Sum(AlertClock::time_point now) const;
  /// When something was last added (epoch when never).
  AlertClock::time_point last_add() const { return last_add_; }

  WindowSnapshot Snapshot() const;
  /// Puts back the buckets of a snapshot of a window with the same bucket
  /// width; returns false (restoring nothing) when the width differs.
  bool Restore(const WindowSnapshot& snapshot);

  /// Bucket upper bounds of the value histograms (shared by all windows).
  static const std::vector<double>& ValueBounds();

 private:
  int64_t BucketIndex(AlertClock::time_point t) const;

  AlertClock::duration width_;
  bool track_values_;
  std::vector<int64_t> slot_index_;  // absolute bucket number held by a slot
  std::vector<WindowTotals> slots_;
  AlertClock::time_point last_add_{};
};

}  // namespace micrometrics::metrics
