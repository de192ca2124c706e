#pragma once

#include <thread>
#include <vector>

#include "daemon/alerts.h"
#include "daemon/event_queue.h"
#include "daemon/feedback.h"
#include "daemon/reload_gate.h"
#include "daemon/series.h"
#include "metrics/micro_metric.h"

namespace micrometrics::daemon {

/// N worker threads that pop events from the queue, evaluate every micro
/// metric on them and record the verdicts. Each worker owns its own
/// Series::Recorder. The metrics are shared and read under a Reader of the
/// ReloadGate per batch, so a config reload swaps them between batches.
/// Start and Join are called from one controlling thread.
class WorkerPool {
 public:
  WorkerPool(EventQueue& queue,
             const std::vector<metrics::MicroMetric>& metrics, Series& series,
             Alerts& alerts, FeedbackLabels& feedback, ReloadGate& gate,
             int workers);

  ~WorkerPool();

  void Start();
  /// Waits until the queue is closed and drained and every worker is done.
  void Join();

 private:
  void Run();

  EventQueue& queue_;
  const std::vector<metrics::MicroMetric>& metrics_;
  Series& series_;
  Alerts& alerts_;
  FeedbackLabels& feedback_;
  ReloadGate& gate_;
  const int workers_;
  std::vector<std::thread> threads_;
};

}  // namespace micrometrics::daemon
