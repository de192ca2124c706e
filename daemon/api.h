#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "config/changes.h"
#include "config/config.h"
#include "daemon/alerts.h"
#include "daemon/event_queue.h"
#include "daemon/feedback.h"
#include "daemon/http.h"
#include "daemon/metric_book.h"
#include "daemon/reload_gate.h"
#include "daemon/series.h"
#include "metrics/event_json.h"

namespace micrometrics::daemon {

/// What the API needs to know about the daemon's state. Thread-safe.
struct DaemonState {
  std::atomic<bool> shutting_down{false};
  std::atomic<bool> workers_running{false};
  /// Held (as a Reader) wherever the reloadable config is read.
  ReloadGate gate;
};

/// The outcome of a config reload (SIGHUP or POST /-/reload).
struct ReloadResult {
  bool ok = false;
  std::string error;  ///< "FILE:LINE:COLUMN: what is wrong" when !ok
  config::ConfigChanges changes;
};

/// The HTTP API of PRODUCT.md: routes requests to handlers and answers every
/// error of the contract as JSON. Holds no mutable state of its own beyond
/// what it points to; safe to call from every I/O thread.
class Api {
 public:
  /// `alerts` may be null (then /api/v1/alerts lists no rules).
  Api(const config::Config& config, EventQueue& queue, Series& series,
      DaemonState& state, Alerts* alerts = nullptr,
      FeedbackLabels* feedback = nullptr, MetricBook* book = nullptr);

  /// The full API (the main listener).
  HttpResponse Handle(HttpRequest&& req);
  /// Only /metrics, /healthz and /readyz (the optional metrics listener).
  HttpResponse HandleMetricsOnly(HttpRequest&& req);
  /// What POST /-/reload runs (the daemon's reload); unset: 404.
  void set_reload(std::function<ReloadResult()> reload) {
    reload_ = std::move(reload);
  }
  /// Runs before every scrape (series read from elsewhere, e.g. the
  /// listeners' connection counts). Set before serving.
  void set_scrape_hook(std::function<void()> hook) {
    scrape_hook_ = std::move(hook);
  }

 private:
  HttpResponse Route(HttpRequest&& req, bool metrics_only);
  /// Auth and shutdown, shared by every ingest endpoint; a response when
  /// the request is refused.
  std::optional<HttpResponse> RefuseIngest(const HttpRequest& req);
  /// RefuseIngest plus the event content types of /v1/events and
  /// /v1/check.
  std::optional<HttpResponse> Admit(const HttpRequest& req,
                                    metrics::BodyFormat* format);
  HttpResponse PostEvents(HttpRequest&& req);
  HttpResponse PostCheck(HttpRequest&& req);
  HttpResponse PostFeedback(HttpRequest&& req);
  HttpResponse PostTraces(HttpRequest&& req);
  HttpResponse PostReload(HttpRequest&& req);
  HttpResponse GetMetricsApi(const HttpRequest& req);
  HttpResponse GetExamples(const HttpRequest& req);
  /// Queues parsed events; a 429/413/503 answer when they do not fit.
  /// 429 for `n` events: counted as queue_full, Retry-After: 1.
  HttpResponse QueueFull(size_t n, unsigned v, bool ka);
  std::optional<HttpResponse> Enqueue(std::vector<metrics::Event>& events,
                                      unsigned version, bool keep_alive);
  Series::Recorder& ThreadRecorder();
  HttpResponse GetMetrics(const HttpRequest& req);
  HttpResponse GetHealth(const HttpRequest& req);
  HttpResponse GetReady(const HttpRequest& req);
  bool Authorized(const HttpRequest& req, const std::string& token) const;

  const config::Config& config_;
  EventQueue& queue_;
  Series& series_;
  DaemonState& state_;
  Alerts* alerts_;
  FeedbackLabels* feedback_;
  MetricBook* book_;
  std::string ingest_token_;
  /// For the admin endpoints (reload); read at start so a bad file fails early.
  std::string admin_token_;
  std::function<ReloadResult()> reload_;
  std::function<void()> scrape_hook_;
};

/// The JSON body of a reload's answer (also logged).
std::string ReloadResultJson(const ReloadResult& result);

/// Reads a bearer token from a file (trimmed). Throws std::runtime_error
/// (start-up only) when the file cannot be read or is empty.
std::string ReadTokenFile(const std::string& path);

}  // namespace micrometrics::daemon
