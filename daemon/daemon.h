#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "config/config.h"
#include "daemon/alerts.h"
#include "daemon/api.h"
#include "daemon/event_queue.h"
#include "daemon/feedback.h"
#include "daemon/http_server.h"
#include "daemon/series.h"
#include "daemon/worker_pool.h"
#include "metrics/labels.h"

namespace micrometrics::daemon {

/// The running sidecar: HTTP listeners, queue, worker pool and series, wired
/// from one Config. Run() is called once, from the main thread.
class Daemon {
 public:
  explicit Daemon(config::Config config);
  ~Daemon();

  /// Binds the listeners (throws on failure), serves until SIGTERM or
  /// SIGINT, then stops accepting, drains the queue and returns 0.
  int Run();

 private:
  void BeginShutdown(const char* why);

  config::Config config_;
  metrics::LabelSchema labels_;
  Series series_;
  EventQueue queue_;
  DaemonState state_;
  boost::asio::io_context ioc_;
  Alerts alerts_;
  FeedbackLabels feedback_;
  Api api_;
  WorkerPool workers_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<HttpServer> metrics_server_;
  std::thread drain_thread_;
};

}  // namespace micrometrics::daemon
