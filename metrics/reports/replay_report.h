#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/event.h"
#include "metrics/micro_metric.h"
#include "metrics/pipeline.h"
#include "metrics/reports/quantile_sketch.h"
#include "metrics/verdict.h"

namespace micrometrics::metrics {

/// `--fail-on`: `METRIC>RATE` (the metric's fail rate, of the candidate
/// when comparing) or `regression` (any metric clearly worse).
struct ReplayGate {
  std::string text;
  bool regression = false;
  std::string metric;
  double max_rate = 0;
};
/// nullopt and `error` set when the text is neither form.
std::optional<ReplayGate> ParseReplayGate(std::string_view text,
                                          std::string* error);

/// `--compare FIELD=A,B`: A is the baseline, B the candidate.
struct ReplayCompare {
  std::string field;
  std::string a;
  std::string b;
};
std::optional<ReplayCompare> ParseReplayCompare(std::string_view text,
                                                std::string* error);

struct ReplayOptions {
  std::vector<std::string> by;  ///< event fields that split the results
  std::optional<ReplayCompare> compare;
  double confidence = 0.95;
  std::vector<ReplayGate> gates;
  size_t examples = 0;  ///< failing examples kept per metric
  size_t example_chars = 300;
};

/// Verdicts of one metric in one segment.
struct MetricTally : OutcomeCounts {
  QuantileSketch values;  ///< verdict values (latency, cost, ...)
  void Merge(const MetricTally& other);
};

struct SegmentTally {
  uint64_t events = 0;
  std::vector<MetricTally> metrics;
  void Merge(const SegmentTally& other);
};

struct ReplayExample {
  uint64_t line = 0;
  std::string id;
  std::string reason;
  std::string text;  ///< redacted and cut (ExampleText)
};

/// What replay counts: everything, each `--by` segment, each side of the
/// comparison, and the first failing examples by line. One per worker,
/// merged at the end; memory depends on the number of metrics and segments
/// (at most kMaxSegments), never on the number of events. Not thread-safe.
class ReplayTally final : public VerdictSink {
 public:
  static constexpr size_t kMaxSegments = 10000;

  ReplayTally(size_t metric_count, const ReplayOptions& options);

  /// Starts an event read from `line`.
  void BeginEvent(const Event& event, uint64_t line);
  void Record(size_t metric, const Verdict& verdict);
  void Merge(const ReplayTally& other);

  /// As a part of a replay worker's pipeline: the line is the event's
  /// sequence number.
  void BeginEvent(EventContext& event) override {
    BeginEvent(*event.event, event.event->sequence);
  }
  void Record(size_t metric, const Verdict& verdict, double /*seconds*/,
              const EventContext& /*event*/) override {
    Record(metric, verdict);
  }

  const SegmentTally& all() const { return all_; }
  const std::map<std::vector<std::string>, SegmentTally>& segments() const {
    return segments_;
  }
  const SegmentTally& baseline() const { return arms_[0]; }
  const SegmentTally& candidate() const { return arms_[1]; }
  /// Per metric, ordered by line.
  std::vector<std::vector<ReplayExample>> Examples() const;

 private:
  void KeepExample(size_t metric, const Verdict& verdict);

  const ReplayOptions& options_;
  SegmentTally all_;
  std::map<std::vector<std::string>, SegmentTally> segments_;
  SegmentTally arms_[2];
  // Per metric: a max-heap by line of at most options_.examples entries.
  std::vector<std::vector<ReplayExample>> examples_;
  const Event* event_ = nullptr;
  uint64_t line_ = 0;
  SegmentTally* segment_ = nullptr;
  SegmentTally* arm_ = nullptr;
};

/// What was read.
struct ReplayInput {
  std::string source;  ///< file name or "-"
  uint64_t lines = 0;
  uint64_t events = 0;
  uint64_t bad_lines = 0;
  std::vector<std::pair<uint64_t, std::string>> bad_line_samples;
  double seconds = 0;
};

/// The numbers of one metric in one segment.
struct ReplayRow {
  std::string metric;
  std::vector<std::string> segment;  ///< values of options.by; empty: all
  uint64_t events = 0;
  uint64_t evaluated = 0;  ///< pass + fail
  uint64_t fails = 0;
  uint64_t skipped = 0;
  uint64_t errors = 0;
  double fail_rate = 0;
  double ci_low = 0, ci_high = 1;
  std::optional<double> p50, p95, p99;
};

struct ReplayComparison {
  std::string metric;
  uint64_t evaluated_a = 0, fails_a = 0, evaluated_b = 0, fails_b = 0;
  double rate_a = 0, rate_b = 0;
  double difference = 0;  ///< rate_b - rate_a
  double ci_low = -1, ci_high = 1;
  double p_value = 1;
  /// "worse", "better" or "no clear difference": clear when the interval of
  /// the difference excludes 0 and the test's p-value is below 1-confidence.
  /// "no data" when a side has no evaluated events for the metric.
  std::string verdict;
};

struct ReplayGateResult {
  std::string gate;
  bool passed = true;
  std::string detail;
};

struct ReplayReport {
  ReplayInput input;
  ReplayOptions options;
  std::vector<ReplayRow> rows;  ///< per metric: all, then its segments
  std::vector<ReplayComparison> comparisons;
  std::vector<ReplayGateResult> gates;
  std::vector<std::pair<std::string, std::vector<ReplayExample>>> examples;
  /// 0, or 1 when a gate failed.
  int exit_code = 0;
};

ReplayReport BuildReplayReport(const ReplayTally& tally,
                               const std::vector<MicroMetric>& metrics,
                               const ReplayOptions& options, ReplayInput input);

std::string RenderReplayTable(const ReplayReport& report);
std::string RenderReplayMarkdown(const ReplayReport& report);
/// The schema is documented in docs/REPLAY.md.
std::string RenderReplayJson(const ReplayReport& report);

}  // namespace micrometrics::metrics
