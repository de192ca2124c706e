#pragma once

#include <functional>
#include <thread>
#include <vector>

#include "daemon/pipeline/event_queue.h"
#include "metrics/event.h"

namespace micrometrics::daemon {

/// N worker threads that pop batches of events from the queue and hand them
/// to a per-worker handler: the daemon's evaluates, records series and
/// feeds alerts; replay's evaluates into per-worker tallies. Start and Join
/// are called from one controlling thread. Exposes micrometrics_workers.
class WorkerPool final : public Collectable {
 public:
  /// Processes one batch on a worker thread.
  using BatchHandler = std::function<void(std::vector<metrics::Event>&)>;
  /// Called once on each worker thread; the handler it returns may own that
  /// worker's unsynchronised state (a Recorder, a tally).
  using HandlerFactory = std::function<BatchHandler()>;

  WorkerPool(EventQueue& queue, int workers, HandlerFactory factory);
  ~WorkerPool();

  void Start();
  /// Waits until the queue is closed and drained and every worker is done.
  void Join();

  void Collect(TextWriter& out) const override {
    WriteSingle(out, series::kWorkers, workers_);
  }

 private:
  void Run();

  EventQueue& queue_;
  const int workers_;
  HandlerFactory factory_;
  std::vector<std::thread> threads_;
};

}  // namespace micrometrics::daemon
