#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "daemon/exposition/label_sets.h"
#include "daemon/exposition/text_writer.h"
#include "daemon/server/http_server.h"
#include "metrics/event.h"
#include "metrics/ingest/event_json.h"
#include "metrics/labels.h"
#include "metrics/micro_metric.h"
#include "metrics/verdict.h"

namespace micrometrics::daemon {

/// One micro metric's series: outcome counts and value sums per label set
/// (indexed by LabelSets::Set::id), and its evaluation-time histogram.
struct MetricSeries {
  static constexpr size_t kDurationBounds = 10;
  struct Counts {
    std::array<std::atomic<uint64_t>, metrics::kOutcomeCount> outcomes;
    std::atomic<double> value;  ///< sum of positive verdict values
  };
  explicit MetricSeries(size_t max_sets) : counts(max_sets + 1) {}
  ChunkedArray<Counts> counts;
  AtomicHistogram<kDurationBounds> duration;
};

/// A running metric: its name, the counter family its values sum into (may
/// be empty) and its series.
struct MetricSeriesRef {
  std::string name;
  std::string value_family;
  std::string value_help;
  std::shared_ptr<MetricSeries> series;
};

/// Every Prometheus series the daemon exports. The series that multiply by
/// label sets (micrometrics_checks_total, value counters such as
/// micrometrics_cost_usd_total, the GenAI histograms) and the per-metric
/// evaluation histograms live in compact lock-free stores of our own
/// (LabelSets, one counter array per metric indexed by label set id); the
/// daemon's own series are in a prometheus-cpp registry. Thread-safe; the
/// per-label-set cache lives in Series::Recorder, one per worker.
class Series {
 public:
  Series(const config::Config& config, metrics::LabelSchema& labels);

  /// Config reload: `metrics` is the new set; every series of the metrics
  /// named in `drop` (removed, or changed and starting fresh) goes away, the
  /// others keep counting. Call with the ReloadGate's Writer held: no
  /// Recorder may be inside BeginEvent..EndEvent. Recorders drop their
  /// cached handles on their next event.
  void Reload(const std::vector<metrics::MicroMetric>& metrics,
              const std::vector<std::string>& drop);

  prometheus::Registry& registry() { return *registry_; }
  /// The exposition, family by family, in chunks: memory for a scrape stays
  /// at one chunk unless the sink keeps the text.
  void Write(TextWriter& out) const;
  /// The whole exposition as one string (tests, benchmarks).
  std::string Serialize() const;

  // The daemon about itself.
  prometheus::Counter& events_received() { return *events_received_; }
  prometheus::Counter& events_processed() { return *events_processed_; }
  void CountRejected(metrics::RejectReason reason, double n = 1);
  /// Rejections that are not about one item: malformed_body, queue_full,
  /// batch_too_large, shutting_down.
  void CountRejected(const std::string& reason, double n);
  prometheus::Gauge& queue_depth() { return *queue_depth_; }
  prometheus::Gauge& queue_bytes() { return *queue_bytes_; }
  void CountHttpRequest(const std::string& handler, unsigned status,
                        double seconds);
  /// One feedback of `kind`, under the joined event's label values, or
  /// (nullptr) unmatched: counted with empty labels and as unmatched.
  void CountFeedback(const std::string& kind,
                     const std::vector<std::string>* label_values);
  /// OTLP spans by what became of them: event, ignored, rejected.
  void CountOtlpSpans(const std::string& result, double n);
  /// micrometrics_metric_review_overdue{metric}: 1 for metrics whose
  /// review_by date is before `today` (YYYY-MM-DD). Called at each scrape,
  /// with a Reader of the ReloadGate held.
  void UpdateReviewOverdue(const std::string& today);
  /// After a reload attempt: micrometrics_config_last_reload_successful,
  /// ..._success_timestamp_seconds and micrometrics_config_reloads_total.
  void CountReload(bool ok);
  /// micrometrics_http_connections{listener} and
  /// micrometrics_http_connections_closed_total{listener,reason} from the
  /// listeners' stats (metrics may be null).
  void SetConnectionStats(const ConnectionStats& main,
                          const ConnectionStats* metrics);
  /// The examples file's totals so far: written, dropped, failed.
  void SetExampleFileCounts(const std::array<uint64_t, 3>& totals);
  /// Total join entries evicted so far (turned into a counter).
  void SetFeedbackEvictions(size_t total);

  /// Records the evaluations and GenAI observations of one event. Owned by
  /// one worker thread; not thread-safe. Caches the metric handles of each
  /// label set it has seen, so the hot path does no locked lookups.
  class Recorder {
   public:
    explicit Recorder(Series& series) : series_(series) {}

    /// Label values of `event` (limited), and the handle set for them.
    void BeginEvent(const metrics::Event& event);
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
    /// The metric set of generation_ (indices as in the running config).
    std::shared_ptr<const std::vector<MetricSeriesRef>> metrics_;
    uint64_t generation_ = 0;
    uint64_t errors_ = 0;
    uint64_t next_error_log_ = 1;
  };

 private:
  std::map<std::string, std::string> LabelMap(
      const std::vector<std::string>& values) const;
  /// Per-metric parts (series store, info and review gauges).
  void SetMetrics(const std::vector<metrics::MicroMetric>& metrics,
                  const std::vector<std::string>& drop);
  std::shared_ptr<const std::vector<MetricSeriesRef>> Metrics() const;

  std::shared_ptr<prometheus::Registry> registry_;
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

  prometheus::Family<prometheus::Gauge>* info_family_;
  std::vector<prometheus::Gauge*> info_;
  prometheus::Family<prometheus::Gauge>* overdue_family_;
  std::vector<std::pair<std::string, prometheus::Gauge*>> overdue_;
  prometheus::Gauge* label_sets_;
  prometheus::Counter* label_set_overflow_;

  prometheus::Counter* events_received_;
  prometheus::Counter* events_processed_;
  prometheus::Family<prometheus::Counter>* events_rejected_;
  prometheus::Gauge* queue_depth_;
  prometheus::Gauge* queue_bytes_;
  prometheus::Family<prometheus::Counter>* http_requests_;
  prometheus::Family<prometheus::Histogram>* http_duration_;
  prometheus::Family<prometheus::Counter>* feedback_;
  prometheus::Family<prometheus::Counter>* feedback_unmatched_;
  prometheus::Counter* feedback_evictions_;
  prometheus::Family<prometheus::Counter>* otlp_spans_;
  prometheus::Family<prometheus::Gauge>* connections_;
  prometheus::Family<prometheus::Counter>* connections_closed_;
  std::map<std::string, uint64_t> connections_seen_;
  prometheus::Family<prometheus::Counter>* example_file_;
  std::array<uint64_t, 3> example_file_seen_{};
  prometheus::Gauge* reload_ok_;
  prometheus::Gauge* reload_time_;
  prometheus::Family<prometheus::Counter>* reloads_;
  std::mutex feedback_mu_;
  size_t feedback_evictions_seen_ = 0;
  std::vector<prometheus::Counter*> label_overflow_;
};

}  // namespace micrometrics::daemon
