#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/changes.h"
#include "config/config.h"
#include "daemon/exposition/collectable.h"
#include "daemon/pipeline/example_file.h"
#include "daemon/status/status_page.h"
#include "metrics/event.h"
#include "metrics/judge/calibration.h"
#include "metrics/micro_metric.h"
#include "metrics/reports/examples.h"
#include "metrics/verdict.h"

namespace micrometrics::daemon {

/// What the daemon knows about each metric beyond its series: counts since
/// it (re)started, the fail rate of the last hour, the last failure and the
/// last alert, and the most recent failing examples (redacted). Serves
/// /api/v1/metrics and /api/v1/examples. Entries are keyed by metric name,
/// so a reload keeps those of unchanged metrics. Bounded: per metric a
/// 60-minute ring and `examples.per_metric` examples.
///
/// With `examples.file`, the examples are also saved there by an
/// ExampleFile, which fills the rings back from it at start.
///
/// Thread-safety: each entry has its own mutex. Workers count into a
/// per-worker Tally and flush it once per batch (one lock per metric and
/// batch, not per verdict). Reload, like everything indexed by metric
/// position, runs under the ReloadGate's Writer; the rest under a Reader.
/// The example file's thread, outside the gate, takes index_mu_, which
/// Reload also holds while it changes the index.
/// Exposes micrometrics_examples_file_writes_total (lock-free).
class MetricBook final : public Collectable {
 public:
  using Clock = std::chrono::system_clock;

  MetricBook(const std::vector<metrics::MicroMetric>& metrics,
             const config::ExamplesConfig& examples,
             std::vector<std::string> label_names);
  /// Saves the examples (when there is a file) and stops its thread.
  ~MetricBook() override;
  MetricBook(const MetricBook&) = delete;
  MetricBook& operator=(const MetricBook&) = delete;

  void Reload(const std::vector<metrics::MicroMetric>& metrics,
              const config::ExamplesConfig& examples,
              const config::ConfigChanges& changes);

  /// A worker's counts between flushes. Not thread-safe.
  class Tally {
   public:
    explicit Tally(MetricBook& book) : book_(book) {}
    /// One verdict of metric `index` on `event` (whose label values are
    /// `labels`). A fail may be kept as an example right away.
    void Record(size_t index, const metrics::Event& event,
                const metrics::Verdict& verdict,
                const std::vector<std::string>& labels, Clock::time_point now);
    /// Adds what was counted to the book.
    void Flush(Clock::time_point now);

   private:
    struct Counts {
      metrics::OutcomeCounts outcomes;
      std::optional<Clock::time_point> last_failure;
    };
    MetricBook& book_;
    std::vector<Counts> counts_;
  };

  /// Saves the examples to examples.file now, if they changed (shutdown,
  /// after the last verdict).
  void SaveExamples();

  /// A rule on `metric` fired at `t`.
  void MarkAlert(const std::string& metric, Clock::time_point t);

  /// GET /api/v1/metrics for `metrics` (the running config) at `now`.
  /// `rules` maps metric names to the names of their alert rules;
  /// `calibration` judge metrics to their pairs with people's labels.
  std::string MetricsJson(
      const std::vector<metrics::MicroMetric>& metrics,
      const std::map<std::string, std::vector<std::string>>& rules,
      const std::map<std::string, metrics::Confusion>& calibration,
      Clock::time_point now) const;
  /// GET /api/v1/examples: newest first; nullopt when no such metric.
  std::optional<std::string> ExamplesJson(const std::string& metric,
                                          size_t limit) const;

  /// The status page's rows for `metrics` at `now`: the last hour by
  /// minute and, with `examples` > 0, that many newest examples (redacted).
  std::vector<StatusPage::Metric> StatusRows(
      const std::vector<metrics::MicroMetric>& metrics,
      const std::map<std::string, std::vector<std::string>>& rules,
      size_t examples, Clock::time_point now) const;

  /// Kept examples in all, for tests and the self-metrics.
  size_t examples_kept() const;

  void Collect(TextWriter& out) const override;

 private:
  struct Minute {
    int64_t minute = -1;
    uint64_t evaluated = 0;
    uint64_t fails = 0;
  };
  struct Entry {
    Entry(std::string metric, size_t capacity, Clock::time_point now)
        : name(std::move(metric)), since(now), examples(capacity) {}
    const std::string name;
    mutable std::mutex mu;
    Clock::time_point since;
    metrics::OutcomeCounts outcomes;
    std::array<Minute, 60> minutes{};
    std::optional<Clock::time_point> last_failure;
    std::optional<Clock::time_point> last_alert;
    metrics::ExampleRing examples;
  };
  void Keep(Entry& entry, const metrics::Event& event,
            const metrics::Verdict& verdict,
            const std::vector<std::string>& labels, Clock::time_point now);

  /// The example file's view of the book (its thread calls these).
  ExampleFile::Source FileSource();
  ExamplesByMetric SnapshotExamples() const;
  void RestoreExamples(ExamplesByMetric loaded);

  std::vector<std::string> label_names_;
  config::ExamplesConfig examples_;
  mutable std::mutex index_mu_;  // entries_ and by_name_, for the file
  std::vector<std::shared_ptr<Entry>> entries_;  // by metric index
  std::map<std::string, std::shared_ptr<Entry>> by_name_;
  std::atomic<uint64_t> examples_version_{0};  // bumped by every change
  ExampleFileCounts file_counts_;  // before file_, which counts into it
  std::unique_ptr<ExampleFile> file_;
};

}  // namespace micrometrics::daemon
