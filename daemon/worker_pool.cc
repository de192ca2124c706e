#include "daemon/worker_pool.h"

#include "metrics/evaluation.h"

namespace micrometrics::daemon {

WorkerPool::WorkerPool(EventQueue& queue,
                       const std::vector<metrics::MicroMetric>& metrics,
                       Series& series, Alerts& alerts, FeedbackLabels& feedback,
                       ReloadGate& gate, int workers)
    : queue_(queue),
      metrics_(metrics),
      series_(series),
      alerts_(alerts),
      feedback_(feedback),
      gate_(gate),
      workers_(workers) {}

WorkerPool::~WorkerPool() {
  queue_.Close();
  Join();
}

void WorkerPool::Start() {
  for (int i = 0; i < workers_; ++i) {
    threads_.emplace_back([this] { Run(); });
  }
}

void WorkerPool::Join() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void WorkerPool::Run() {
  Series::Recorder recorder(series_);
  std::vector<metrics::Event> batch;
  // Small batches amortise the queue's lock without starving other workers.
  constexpr size_t kBatch = 16;
  while (queue_.PopBatch(batch, kBatch)) {
    // One metric set for the whole batch: a reload waits for it.
    ReloadGate::Reader reader(gate_);
    for (const metrics::Event& event : batch) {
      const auto now = metrics::AlertClock::now();
      recorder.BeginEvent(event);
      metrics::EvaluateEvent(
          metrics_, event,
          [&](size_t index, const metrics::Verdict& verdict, double seconds) {
            recorder.RecordCheck(index, verdict, seconds);
            alerts_.Observe(index, event, verdict, now);
          });
      recorder.EndEvent(event);
      feedback_.Remember(event, recorder.label_values());
    }
  }
}

}  // namespace micrometrics::daemon
