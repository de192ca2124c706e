// The read routes: GET /metrics, /healthz, /readyz, /api/v1/metrics,
// /api/v1/examples (/api/v1/alerts is answered by the router).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include "daemon/server/api.h"
#include "daemon/server/route_helpers.h"

namespace micrometrics::daemon {

HttpResponse Api::GetMetricsApi(const HttpRequest& req) {
  if (!book_) {
    return ErrorResponse(http::status::not_found, "not available", {},
                         req.version(), req.keep_alive());
  }
  ReloadGate::Reader reader(state_.gate);
  std::map<std::string, std::vector<std::string>> rules;
  for (const auto& r : config_.alerts) rules[r.metric].push_back(r.name);
  return JsonResponse(
      http::status::ok,
      book_->MetricsJson(config_.metrics, rules,
                         calibration_
                             ? calibration_->ByMetric()
                             : std::map<std::string, metrics::Confusion>{},
                         MetricBook::Clock::now()),
      req.version(), req.keep_alive());
}

HttpResponse Api::GetExamples(const HttpRequest& req) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  // Examples are (redacted) user text: the admin token guards them when
  // one is configured.
  if (!Authorized(req, Tokens()->admin)) {
    auto res = ErrorResponse(http::status::unauthorized,
                             "missing or wrong bearer token", {}, v, ka);
    res.set(http::field::www_authenticate, "Bearer");
    return res;
  }
  if (!book_) {
    return ErrorResponse(http::status::not_found, "not available", {}, v, ka);
  }
  const auto metric = QueryParam(req.target(), "metric");
  if (!metric || metric->empty()) {
    return ErrorResponse(http::status::bad_request,
                         "the metric parameter is required, e.g. "
                         "/api/v1/examples?metric=reply_language",
                         {}, v, ka);
  }
  ReloadGate::Reader reader(state_.gate);
  size_t limit = config_.examples.per_metric;
  if (const auto l = QueryParam(req.target(), "limit")) {
    size_t n = 0;
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), n);
    if (ec != std::errc() || end != l->data() + l->size() || n == 0) {
      return ErrorResponse(http::status::bad_request,
                           "limit must be a positive integer", {}, v, ka);
    }
    limit = std::min(limit, n);
  }
  auto body = book_->ExamplesJson(*metric, limit);
  if (!body) {
    json known = json::array();
    for (const auto& m : config_.metrics) known.push_back(m.name);
    return ErrorResponse(http::status::not_found,
                         "unknown metric '" + *metric + "'",
                         Dump(json{{"known", std::move(known)}}), v, ka);
  }
  return JsonResponse(http::status::ok, *body, v, ka);
}

HttpResponse Api::GetMetrics(const HttpRequest& req) {
  HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::server, "micrometricsd");
  // OpenMetrics (with exemplars) for a scraper that asks for it, as
  // Prometheus does; the 0.0.4 text format otherwise.
  const bool openmetrics =
      req[http::field::accept].find("application/openmetrics-text") !=
      std::string_view::npos;
  res.set(http::field::content_type,
          openmetrics
              ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
              : "text/plain; version=0.0.4; charset=utf-8");
  res.set(http::field::vary, "Accept, Accept-Encoding");
  // Written in chunks straight into the body (compressed as it goes when
  // the scraper accepts gzip, as Prometheus does): a scrape holds the
  // answer once, never a second copy of the text.
  std::string& body = res.body();
  constexpr size_t kChunk = 256 * 1024;
  if (AcceptsGzip(req[http::field::accept_encoding])) {
    GzipWriter gzip(body);
    TextWriter out([&](std::string_view chunk) { gzip.Write(chunk); }, kChunk,
                   openmetrics);
    exposition_.Write(out);
    out.End();
    gzip.Finish();
    res.set(http::field::content_encoding, "gzip");
  } else {
    TextWriter out([&](std::string_view chunk) { body += chunk; }, kChunk,
                   openmetrics);
    exposition_.Write(out);
    out.End();
  }
  res.prepare_payload();
  return res;
}

HttpResponse Api::GetHealth(const HttpRequest& req) {
  return JsonResponse(http::status::ok, R"({"status":"ok"})", req.version());
}

HttpResponse Api::GetReady(const HttpRequest& req) {
  const size_t depth = queue_.size();
  const size_t bytes = queue_.bytes();
  const auto high_water =
      static_cast<size_t>(config_.pipeline.queue_high_water *
                          static_cast<double>(queue_.capacity()));
  // Big events fill the byte limit long before the event count.
  const auto bytes_high_water =
      static_cast<size_t>(config_.pipeline.queue_high_water *
                          static_cast<double>(queue_.max_bytes()));
  std::string reason;
  if (state_.shutting_down.load()) {
    reason = "shutting down";
  } else if (!state_.workers_running.load()) {
    reason = "workers not running";
  } else if (depth >= high_water && depth > 0) {
    reason = "queue above its high-water mark";
  } else if (bytes >= bytes_high_water && bytes > 0) {
    reason = "queue bytes above their high-water mark";
  }
  if (!reason.empty()) {
    return ErrorResponse(
        http::status::service_unavailable, "not ready",
        Dump(json{{"reason", reason},
                  {"queue_depth", depth},
                  {"queue_high_water", high_water},
                  {"queue_bytes", bytes},
                  {"queue_bytes_high_water", bytes_high_water}}),
        req.version());
  }
  size_t metric_count = 0;
  {
    ReloadGate::Reader reader(state_.gate);
    metric_count = config_.metrics.size();
  }
  return JsonResponse(http::status::ok,
                      Dump(json{{"status", "ready"},
                                {"metrics", metric_count},
                                {"queue_depth", depth}}),
                      req.version());
}

}  // namespace micrometrics::daemon
