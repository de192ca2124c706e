#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace micrometrics::daemon {

/// What the status page at `/` shows, as plain values (times already
/// formatted). The Api fills it from the daemon's parts; RenderStatusPage
/// turns it into HTML.
struct StatusPage {
  using Labels = std::vector<std::pair<std::string, std::string>>;
  struct Health {
    std::string version;
    double uptime_seconds = 0;
    std::string config_source;
    std::string loaded_at;         ///< last successful (re)load
    std::string reload_failed_at;  ///< empty unless the last reload failed
    std::string reload_error;
    std::optional<double> events_per_second;
    std::string rate_window;  ///< "last minute", "since start"
    uint64_t events_processed = 0;
    uint64_t queue_depth = 0;
    uint64_t queue_capacity = 0;
    uint64_t rejected = 0;  ///< events rejected since start, every reason
    int workers = 0;
    bool ready = true;
  };
  struct Minute {
    uint64_t evaluated = 0;
    uint64_t fails = 0;
  };
  struct Example {
    std::string time;
    std::string event_id;
    Labels labels;
    std::string reason;
    std::string text;  ///< redacted
  };
  struct LabelRate {
    Labels labels;
    uint64_t fails = 0;
    uint64_t decided = 0;
  };
  struct Metric {
    std::string name;
    std::string type;
    std::string stage;
    std::string owner;
    std::string description;
    std::string review_by;
    bool review_overdue = false;
    uint64_t hour_evaluated = 0;
    uint64_t hour_fails = 0;
    std::array<Minute, 60> minutes{};  ///< oldest first, the last is now
    std::vector<LabelRate> worst;      ///< highest fail rate first
    std::vector<std::string> rules;
    std::vector<Example> examples;  ///< newest first
  };
  struct Alert {
    std::string rule;
    std::string metric;
    std::string state;  ///< pending or firing
    std::string condition;
    std::string severity;
    Labels labels;
    std::string since;
    double value = 0;
  };
  std::string now;
  Health health;
  std::vector<Metric> metrics;
  std::vector<Alert> alerts;
  /// Examples are left out (admin token configured and not given).
  bool examples_hidden = false;
  /// Seconds between reloads of the page while it is open.
  int refresh_seconds = 10;
};

/// The page, self-contained: its only other resource is StatusPageCss()
/// at /status.css. Every text is escaped (and bad UTF-8 replaced), so what
/// events carry renders as text.
std::string RenderStatusPage(const StatusPage& page);

/// The page's stylesheet and icon (compiled in; served at /status.css and
/// /favicon.svg).
std::string_view StatusPageCss();
std::string_view StatusPageIcon();

/// `text` safe inside HTML elements and quoted attributes: & < > " ' as
/// entities, invalid UTF-8 and control characters as U+FFFD.
std::string EscapeHtml(std::string_view text);

}  // namespace micrometrics::daemon
