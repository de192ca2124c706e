#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "config/http_url.h"
#include "daemon/exposition/collectable.h"
#include "daemon/otlp/otlp.h"
#include "metrics/event.h"
#include "metrics/pipeline.h"
#include "metrics/verdict.h"

namespace micrometrics::daemon {

/// `otlp.evaluation_results`: verdicts sent as OpenTelemetry
/// `gen_ai.evaluation.result` log records over OTLP/HTTP, off the hot path.
/// Workers hand records over once per batch (Add, one lock); a thread of
/// its own batches them (max_batch, max_delay) and POSTs them, retrying 429,
/// 5xx and connection errors with exponential backoff (Retry-After
/// honoured) until give_up_after. The queue is bounded: what does not fit
/// is dropped and counted. Exposes micrometrics_evaluation_results_total
/// {result} (sent, dropped, failed) and _queued.
class EvaluationResults final : public Collectable {
 public:
  /// Reads headers_file (throws std::runtime_error naming the file when it
  /// cannot be read or a line is not "Name: value").
  explicit EvaluationResults(const config::EvaluationResultsConfig& config);
  /// Sends what is queued (one attempt), then stops.
  ~EvaluationResults() override;
  EvaluationResults(const EvaluationResults&) = delete;
  EvaluationResults& operator=(const EvaluationResults&) = delete;

  /// Whether a verdict of `metric` with `outcome` on `event` is sent: the
  /// metric is listed (or none are), and the event falls in the outcome's
  /// sample (by a hash of the event id, so replicas agree).
  bool Wants(const std::string& metric, metrics::Outcome outcome,
             const metrics::Event& event) const;
  /// Queues records; those beyond queue_capacity are dropped (counted).
  void Add(std::vector<EvaluationRecord> records);

  void Collect(TextWriter& out) const override;

  /// The pipeline part that turns verdicts into records (one per worker).
  std::unique_ptr<metrics::VerdictSink> MakePart(
      const std::vector<metrics::MicroMetric>& metrics);

 private:
  void Run();
  /// POSTs one batch until it is accepted, refused (4xx) or given up.
  void Send(std::vector<EvaluationRecord> batch);

  const config::EvaluationResultsConfig config_;
  config::HttpUrl url_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::set<std::string, std::less<>> metrics_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<EvaluationRecord> queue_;
  bool stop_ = false;
  std::atomic<uint64_t> sent_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> queued_{0};
  std::thread thread_;
};

}  // namespace micrometrics::daemon
