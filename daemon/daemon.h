#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "config/config.h"
#include "daemon/alerting/alerts.h"
#include "daemon/exposition/collectable.h"
#include "daemon/exposition/process_metrics.h"
#include "daemon/exposition/series.h"
#include "daemon/judge/judge_calibration.h"
#include "daemon/judge/judges.h"
#include "daemon/otlp/evaluation_results.h"
#include "daemon/pipeline/event_queue.h"
#include "daemon/pipeline/feedback.h"
#include "daemon/pipeline/metric_book.h"
#include "daemon/pipeline/worker_pool.h"
#include "daemon/server/api.h"
#include "daemon/server/http_server.h"
#include "metrics/labels.h"
#include "metrics/registry.h"

namespace micrometrics::daemon {

/// micrometrics_config_last_reload_successful,
/// ..._success_timestamp_seconds and micrometrics_config_reloads_total.
class ReloadSeries final : public Collectable {
 public:
  ReloadSeries();
  /// After a load or reload attempt.
  void Count(bool ok);
  void Collect(TextWriter& out) const override;

 private:
  std::atomic<bool> last_ok_{true};
  std::atomic<double> last_success_;  ///< Unix time
  std::atomic<uint64_t> successes_{0};
  std::atomic<uint64_t> failures_{0};
};

/// The running sidecar: HTTP listeners, queue, worker pool and series, wired
/// from one Config. Run() is called once, from the main thread.
class Daemon {
 public:
  /// `flags` re-applies command-line overrides (--listen) to every config
  /// loaded later, so that a reload does not see them as changes.
  explicit Daemon(config::Config config,
                  std::function<void(config::Config&)> flags = {});
  ~Daemon();

  /// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread, so that every
  /// thread started after it (workers, exporters, judges) inherits them
  /// blocked. Call before constructing the Daemon; Run() unblocks them in
  /// the thread that runs the event loop once its handlers are installed,
  /// so a signal is never left waiting on a thread asleep in a wait of its
  /// own (a signal that came in between is handled then).
  static void BlockStopSignals();

  /// Binds the listeners (throws on failure), serves until SIGTERM or
  /// SIGINT, then stops accepting, drains the queue and returns 0.
  int Run();

  /// Reloads the config file (SIGHUP, POST /-/reload): loads and validates
  /// it fully, then swaps metrics, alert rules and notifiers between worker
  /// batches. Unchanged metrics keep their series, evaluators, alert
  /// windows and states. On error the running config stays. One at a time.
  ReloadResult Reload();

 private:
  void BeginShutdown(const char* why);
  /// Gives memory back to the system after a burst (glibc keeps freed
  /// pages in its arenas): every 2 s, once the request data held has fallen
  /// far below its peak.
  void TrimAfterBursts(boost::asio::steady_timer& timer);
  /// A worker's batch handler: evaluate, record, feed alerts and feedback.
  WorkerPool::BatchHandler MakeWorker();
  /// Records judges' verdicts (on their recorder thread) as late events.
  Judges::Recorder MakeJudgeRecorder();

  metrics::EvaluatorRegistry registry_;
  std::function<void(config::Config&)> flags_;
  std::mutex reload_mu_;
  config::Config config_;
  metrics::LabelSchema labels_;
  /// What GET /metrics writes: every owner's series, asked at the scrape.
  Exposition exposition_;
  ProcessMetrics process_;
  ReloadSeries reloads_;
  ListenerSeries listeners_;
  Series series_;
  MetricBook book_;
  /// Half of server.memory_budget: bodies being read and queued events.
  ByteBudget budget_;
  EventQueue queue_;
  DaemonState state_;
  boost::asio::io_context ioc_;
  Alerts alerts_;
  FeedbackLabels feedback_;
  /// Judges against people's labels (POST /v1/feedback).
  JudgeCalibration calibration_;
  /// otlp.evaluation_results (null when off); before the judges and
  /// workers that hand it verdicts, so destroyed after them.
  std::unique_ptr<EvaluationResults> evaluation_results_;
  /// Before api_ and workers_, which hand it events; destroyed after them.
  Judges judges_;
  Api api_;
  WorkerPool workers_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<HttpServer> metrics_server_;
  std::thread drain_thread_;
};

}  // namespace micrometrics::daemon
