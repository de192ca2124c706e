// GET / (the status page) and GET /status.css.
#include <map>

#include "daemon/server/api.h"
#include "metrics/ingest/time.h"

#ifndef MICROMETRICS_VERSION
#define MICROMETRICS_VERSION "dev"
#endif

namespace micrometrics::daemon {
namespace {

// Everything the page needs comes from the daemon itself; nothing may load
// from elsewhere, and nothing runs.
constexpr std::string_view kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

void Harden(HttpResponse& res) {
  res.set("Content-Security-Policy", kCsp);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set(http::field::cache_control, "no-store");
}

constexpr size_t kExamplesPerMetric = 3;
constexpr size_t kWorstLabelSets = 3;
constexpr uint64_t kMinDecided = 10;

}  // namespace

std::pair<std::optional<double>, std::string> Api::IngestRate() {
  const auto now = std::chrono::steady_clock::now();
  const uint64_t processed = series_.events_processed();
  std::lock_guard lock(rate_mu_);
  // One sample per second at most, none older than two minutes.
  if (rate_samples_.empty() ||
      now - rate_samples_.back().first >= std::chrono::seconds(1)) {
    rate_samples_.emplace_back(now, processed);
  }
  while (rate_samples_.size() > 1 &&
         now - rate_samples_.front().first > std::chrono::minutes(2)) {
    rate_samples_.pop_front();
  }
  // The newest sample at least a minute old, else the oldest if it is at
  // least 5 seconds old.
  const std::pair<std::chrono::steady_clock::time_point, uint64_t>* base =
      nullptr;
  for (const auto& s : rate_samples_) {
    if (now - s.first >= std::chrono::minutes(1)) base = &s;
  }
  if (!base && now - rate_samples_.front().first >= std::chrono::seconds(5)) {
    base = &rate_samples_.front();
  }
  if (base) {
    const double seconds =
        std::chrono::duration<double>(now - base->first).count();
    return {static_cast<double>(processed - base->second) / seconds,
            seconds >= 60
                ? "last minute"
                : "last " + std::to_string(static_cast<int>(seconds)) + "s"};
  }
  const double up = std::chrono::duration<double>(
                        std::chrono::system_clock::now() - state_.started)
                        .count();
  if (up <= 0) return {std::nullopt, ""};
  return {static_cast<double>(processed) / up, "since start"};
}

HttpResponse Api::GetStatusPage(const HttpRequest& req) {
  const auto now = std::chrono::system_clock::now();
  StatusPage page;
  page.now = metrics::FormatRfc3339(now);
  auto& h = page.health;
  h.version = MICROMETRICS_VERSION;
  h.uptime_seconds =
      std::chrono::duration<double>(now - state_.started).count();
  const auto reloads = state_.LastReloads();
  h.loaded_at = metrics::FormatRfc3339(reloads.loaded_at);
  if (reloads.failed_at > reloads.loaded_at) {
    h.reload_failed_at = metrics::FormatRfc3339(reloads.failed_at);
    h.reload_error = reloads.error;
  }
  std::tie(h.events_per_second, h.rate_window) = IngestRate();
  h.events_processed = series_.events_processed();
  h.queue_depth = queue_.size();
  h.queue_capacity = queue_.capacity();
  h.rejected = requests_.rejected();
  h.ready = state_.workers_running.load() && !state_.shutting_down.load();
  // Examples are user text: behind the admin token when there is one.
  page.examples_hidden = !Authorized(req, Tokens()->admin);
  {
    ReloadGate::Reader reader(state_.gate);
    h.config_source = config_.source;
    h.workers = config_.pipeline.workers;
    if (book_) {
      std::map<std::string, std::vector<std::string>> rules;
      for (const auto& r : config_.alerts) rules[r.metric].push_back(r.name);
      page.metrics =
          book_->StatusRows(config_.metrics, rules,
                            page.examples_hidden ? 0 : kExamplesPerMetric, now);
    }
    for (auto& m : page.metrics) {
      m.worst = series_.WorstLabelSets(m.name, kWorstLabelSets, kMinDecided);
    }
    if (alerts_) page.alerts = alerts_->Active();
  }
  HttpResponse res(http::status::ok, req.version());
  res.set(http::field::content_type, "text/html; charset=utf-8");
  Harden(res);
  res.body() = RenderStatusPage(page);
  res.prepare_payload();
  return res;
}

HttpResponse Api::GetStatusAsset(const HttpRequest& req) {
  const bool css = req.target() == "/status.css";
  HttpResponse res(http::status::ok, req.version());
  res.set(http::field::content_type,
          css ? "text/css; charset=utf-8" : "image/svg+xml");
  Harden(res);
  res.set(http::field::cache_control, "max-age=3600");
  res.body() = std::string(css ? StatusPageCss() : StatusPageIcon());
  res.prepare_payload();
  return res;
}

}  // namespace micrometrics::daemon
