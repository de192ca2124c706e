#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "config/changes.h"
#include "config/config.h"
#include "daemon/alerting/alerts.h"
#include "daemon/exposition/collectable.h"
#include "daemon/exposition/series.h"
#include "daemon/judge/judge_calibration.h"
#include "daemon/judge/judges.h"
#include "daemon/pipeline/event_queue.h"
#include "daemon/pipeline/feedback.h"
#include "daemon/pipeline/metric_book.h"
#include "daemon/pipeline/reload_gate.h"
#include "daemon/server/http.h"
#include "daemon/server/request_series.h"
#include "metrics/ingest/event_json.h"
#include "metrics/pipeline.h"

namespace micrometrics::daemon {

/// What the API needs to know about the daemon's state. Thread-safe.
struct DaemonState {
  std::atomic<bool> shutting_down{false};
  std::atomic<bool> workers_running{false};
  /// Held (as a Reader) wherever the reloadable config is read.
  ReloadGate gate;
  const std::chrono::system_clock::time_point started =
      std::chrono::system_clock::now();
  /// The last config load and reload, for the status page.
  struct Reloads {
    std::chrono::system_clock::time_point loaded_at =
        std::chrono::system_clock::now();
    std::chrono::system_clock::time_point failed_at{};  ///< if after loaded_at
    std::string error;
  };
  void ReloadSucceeded() {
    std::lock_guard lock(reloads_mu);
    reloads.loaded_at = std::chrono::system_clock::now();
    reloads.error.clear();
  }
  void ReloadFailed(std::string error) {
    std::lock_guard lock(reloads_mu);
    reloads.failed_at = std::chrono::system_clock::now();
    reloads.error = std::move(error);
  }
  Reloads LastReloads() const {
    std::lock_guard lock(reloads_mu);
    return reloads;
  }

 private:
  mutable std::mutex reloads_mu;
  Reloads reloads;
};

/// The outcome of a config reload (SIGHUP or POST /-/reload).
/// The bearer tokens of server.auth (empty: none configured).
struct BearerTokens {
  std::string ingest;
  std::string admin;    ///< for the admin endpoints (reload, examples)
  std::string metrics;  ///< for /metrics and the read-only APIs, if set
};

/// Reads the token files named in `server` (throws std::runtime_error naming
/// the file when one cannot be read or is empty).
BearerTokens ReadBearerTokens(const config::ServerConfig& server);

struct ReloadResult {
  bool ok = false;
  std::string error;  ///< "FILE:LINE:COLUMN: what is wrong" when !ok
  config::ConfigChanges changes;
};

/// The HTTP API of PRODUCT.md: routes requests to handlers and answers every
/// error of the contract as JSON. Holds no mutable state of its own beyond
/// what it points to; safe to call from every I/O thread.
class Api final : public Collectable {
 public:
  /// `alerts` may be null (then /api/v1/alerts lists no rules).
  /// `exposition` is what GET /metrics writes.
  Api(const config::Config& config, EventQueue& queue, Series& series,
      const Exposition& exposition, DaemonState& state,
      Alerts* alerts = nullptr, FeedbackLabels* feedback = nullptr,
      MetricBook* book = nullptr, Judges* judges = nullptr,
      JudgeCalibration* calibration = nullptr);

  /// A reload's new tokens (after ReadBearerTokens succeeded).
  void SetTokens(BearerTokens tokens);

  /// The full API (the main listener).
  HttpResponse Handle(HttpRequest&& req);
  /// Only /metrics, /healthz and /readyz (the optional metrics listener).
  HttpResponse HandleMetricsOnly(HttpRequest&& req);
  /// What POST /-/reload runs (the daemon's reload); unset: 404.
  void set_reload(std::function<ReloadResult()> reload) {
    reload_ = std::move(reload);
  }
  /// The API's own series (requests, events received and rejected).
  void Collect(TextWriter& out) const override { requests_.Collect(out); }

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
  /// GET /: the status page; GET /status.css and /favicon.svg its
  /// stylesheet and icon.
  HttpResponse GetStatusPage(const HttpRequest& req);
  HttpResponse GetStatusAsset(const HttpRequest& req);
  /// The ingest rate for the status page: events processed over about the
  /// last minute, from samples its requests take (bounded); since start
  /// until a sample is old enough.
  std::pair<std::optional<double>, std::string> IngestRate();
  HttpResponse GetExamples(const HttpRequest& req);
  /// Queues parsed events; a 429/413/503 answer when they do not fit.
  /// 429 for `n` events: counted as queue_full, Retry-After: 1.
  HttpResponse QueueFull(size_t n, unsigned v, bool ka);
  std::optional<HttpResponse> Enqueue(std::vector<metrics::Event>& events,
                                      unsigned version, bool keep_alive);
  /// This I/O thread's pipeline for `/v1/check` (the parts cache handles
  /// without locks, so each thread has its own).
  metrics::Pipeline& ThreadPipeline();
  HttpResponse GetMetrics(const HttpRequest& req);
  HttpResponse GetHealth(const HttpRequest& req);
  HttpResponse GetReady(const HttpRequest& req);
  bool Authorized(const HttpRequest& req, const std::string& token) const;
  std::shared_ptr<const BearerTokens> Tokens() const;

  const config::Config& config_;
  EventQueue& queue_;
  Series& series_;
  const Exposition& exposition_;
  RequestSeries requests_;
  DaemonState& state_;
  Alerts* alerts_;
  FeedbackLabels* feedback_;
  MetricBook* book_;
  Judges* judges_;
  JudgeCalibration* calibration_;
  /// Tells this Api's thread-local pipelines from those of an earlier one
  /// that lived at the same address.
  const uint64_t instance_;
  /// Read at start (a bad file fails early) and again at every reload, so
  /// rotating a token needs no restart; guarded because a reload swaps them
  /// while the I/O threads check requests.
  mutable std::mutex tokens_mu_;
  std::shared_ptr<const BearerTokens> tokens_;
  std::function<ReloadResult()> reload_;
  std::mutex rate_mu_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, uint64_t>>
      rate_samples_;
};

/// The JSON body of a reload's answer (also logged).
std::string ReloadResultJson(const ReloadResult& result);

/// Reads a bearer token from a file (trimmed). Throws std::runtime_error
/// (start-up only) when the file cannot be read or is empty.
std::string ReadTokenFile(const std::string& path);

}  // namespace micrometrics::daemon
