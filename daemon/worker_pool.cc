#include "daemon/worker_pool.h"

namespace micrometrics::daemon {

WorkerPool::WorkerPool(EventQueue& queue, int workers, HandlerFactory factory)
    : queue_(queue), workers_(workers), factory_(std::move(factory)) {}

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
  BatchHandler handle = factory_();
  std::vector<metrics::Event> batch;
  // Small batches amortise the queue's lock without starving other workers.
  constexpr size_t kBatch = 16;
  while (queue_.PopBatch(batch, kBatch)) handle(batch);
}

}  // namespace micrometrics::daemon
