#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "daemon/exposition/collectable.h"
#include "daemon/exposition/label_sets.h"
#include "daemon/exposition/text_writer.h"
#include "daemon/status/status_page.h"
#include "metrics/event.h"
#include "metrics/labels.h"
#include "metrics/micro_metric.h"
#include "metrics/verdict.h"

namespace micrometrics::daemon {

/// One micro metric's series: outcome counts and value sums per label set
/// (indexed by LabelSets::Set::id), its evaluation-time histogram, and with
/// value buckets the histogram of verdict values per label set.
struct MetricSeries {
  static constexpr size_t kDurationBounds = 10;
  struct Counts {
    std::array<std::atomic<uint64_t>, metrics::kOutcomeCount> outcomes;
    std::atomic<double> value;  ///< sum of positive verdict values
    /// First verdict (ms since the epoch; 0: none yet): for the first
    /// new_series_zero_for the scrape shows 0.
    std::atomic<int64_t> first_ms;
  };
  MetricSeries(size_t max_sets, std::vector<double> value_bounds);
  /// Counts a verdict value into set `id`'s value histogram (if any).
  void ObserveValue(uint32_t id, double v);

  ChunkedArray<Counts> counts;
  /// The latest failing verdict with a trace context, per label set.
  ChunkedArray<ExemplarSlot> fail_exemplars;
  AtomicHistogram<kDurationBounds> duration;
  /// Value histograms: per set, bounds.size() + 1 bucket counts (the last
  /// is +Inf), not cumulative; and the sum of values.
  const std::vector<double> value_bounds;
  std::unique_ptr<ChunkedArray<std::atomic<uint64_t>>> value_buckets;
  std::unique_ptr<ChunkedArray<std::atomic<double>>> value_sums;
};

/// A running metric: its name, what metric_info says of it, the counter
/// family its values sum into (may be empty) and its series.
struct MetricSeriesRef {
  std::string name;
  std::string type;
  std::string stage;
  std::string owner;
  std::string review_by;  ///< YYYY-MM-DD or empty
  std::string value_family;
  std::string value_help;
  std::shared_ptr<MetricSeries> series;
};

/// The series of the micro metrics: micrometrics_checks_total, the value
/// counters (micrometrics_cost_usd_total, ...), the evaluation histograms,
/// metric_info and review_overdue, events_processed, and (through its
/// LabelSets) the GenAI histograms. The series that multiply by label sets
/// live in compact lock-free stores of our own (LabelSets, one counter array
/// per metric indexed by label set id). Thread-safe; the per-label-set cache
/// lives in Series::Recorder, one per worker. The daemon's other series
/// belong to their owners (queue, listeners, alerts, ...), each a
/// Collectable of its own.
class Series final : public Collectable {
 public:
  Series(const config::Config& config, metrics::LabelSchema& labels);

  /// Config reload: `metrics` is the new set; every series of the metrics
  /// named in `drop` (removed, or changed and starting fresh) goes away, the
  /// others keep counting. Call with the ReloadGate's Writer held: no
  /// Recorder may be inside BeginEvent..EndEvent. Recorders drop their
  /// cached handles on their next event.
  void Reload(const std::vector<metrics::MicroMetric>& metrics,
              const std::vector<std::string>& drop);

  /// Family by family, in chunks: memory for a scrape stays at one chunk
  /// unless the sink keeps the text. review_overdue is decided at the
  /// scrape, against today's date (UTC).
  void Collect(TextWriter& out) const override;

  /// The label sets of metric `name` with the highest fail rate since start
  /// (among those with at least `min_decided` pass or fail verdicts), at
  /// most `k`; none when no labels are configured.
  std::vector<StatusPage::LabelRate> WorstLabelSets(const std::string& name,
                                                    size_t k,
                                                    uint64_t min_decided) const;

  uint64_t events_processed() const {
    return events_processed_.load(std::memory_order_relaxed);
  }

  /// Records the evaluations and GenAI observations of one event. Owned by
  /// one worker thread; not thread-safe. Caches the metric handles of each
  /// label set it has seen, so the hot path does no locked lookups.
  class Recorder {
   public:
    explicit Recorder(Series& series) : series_(series) {}

    /// Label values of `event` (limited), and the handle set for them.
    /// `late`: the event was counted before (a judge's verdict), so its
    /// label overflows are not counted again.
    void BeginEvent(const metrics::Event& event, bool late = false);
    void RecordCheck(size_t metric_index, const metrics::Verdict& verdict,
                     double seconds);
    /// GenAI histograms and events_processed; call once per event.
    void EndEvent(const metrics::Event& event);
    /// The label values of the current event (after BeginEvent).
    const std::vector<std::string>& label_values() const { return values_; }

   private:
    struct Cached {
      LabelSets::Set* set = nullptr;
      bool overflow = false;  ///< a new combination past max_sets
    };

    static constexpr size_t kMaxCachedLabelSets = 16384;
    Series& series_;
    std::unordered_map<std::string, Cached> cache_;
    std::vector<std::string> values_;
    std::vector<size_t> overflowed_;
    LabelSets::Set* current_ = nullptr;
    TraceContext trace_;  ///< of the current event
    /// The metric set of generation_ (indices as in the running config).
    std::shared_ptr<const std::vector<MetricSeriesRef>> metrics_;
    uint64_t generation_ = 0;
    uint64_t errors_ = 0;
    uint64_t next_error_log_ = 1;
  };

 private:
  /// Per-metric parts (series store and what metric_info says).
  void SetMetrics(const std::vector<metrics::MicroMetric>& metrics,
                  const std::vector<std::string>& drop);
  std::shared_ptr<const std::vector<MetricSeriesRef>> Metrics() const;

  metrics::LabelSchema& labels_;
  /// Bumped by Reload; metric indices of older generations are stale.
  std::atomic<uint64_t> generation_{0};

  /// Label sets and their GenAI histograms.
  LabelSets sets_;
  /// The running metrics in config order, each with its counters; replaced
  /// (not changed) by Reload, so a scrape or a Recorder keeps a consistent
  /// list while it holds it.
  mutable std::mutex metrics_mu_;
  std::shared_ptr<const std::vector<MetricSeriesRef>> metrics_;
  /// Every metric's store by name: kept by a reload unless the metric is
  /// dropped (removed, or changed and starting fresh).
  std::unordered_map<std::string, std::shared_ptr<MetricSeries>> by_name_;
  std::atomic<uint64_t> events_processed_{0};
  const int64_t zero_for_ms_;  ///< server.new_series_zero_for
};

}  // namespace micrometrics::daemon
