#include "daemon/exposition/series.h"

#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "daemon/exposition/process_metrics.h"

#ifndef MICROMETRICS_VERSION
#define MICROMETRICS_VERSION "dev"
#endif

namespace micrometrics::daemon {
namespace {

constexpr std::array<double, MetricSeries::kDurationBounds> kEvaluationBounds{
    0.000001, 0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 1};

// Appends prometheus-cpp's families in the text format.
void WriteFamilies(TextWriter& out,
                   const std::vector<prometheus::MetricFamily>& families) {
  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, families);
  out.Raw(text.view());
}

}  // namespace

Series::Series(const config::Config& config, metrics::LabelSchema& labels)
    : registry_(std::make_shared<prometheus::Registry>()),
      labels_(labels),
      sets_(labels.names(), config.label_max_sets) {
  auto& r = *registry_;
  info_family_ = &prometheus::BuildGauge()
                      .Name("micrometrics_metric_info")
                      .Help("The configured micro metrics; value 1.")
                      .Register(r);
  overdue_family_ = &prometheus::BuildGauge()
                         .Name("micrometrics_metric_review_overdue")
                         .Help(
                             "1 once a metric's review_by date has passed: "
                             "decide whether it still pays.")
                         .Register(r);
  SetMetrics(config.metrics, {});
  label_sets_ = &prometheus::BuildGauge()
                     .Name("micrometrics_label_sets")
                     .Help(
                         "Distinct label sets (combinations of label values) "
                         "seen; at most label_limits.max_sets.")
                     .Register(r)
                     .Add({});
  label_set_overflow_ =
      &prometheus::BuildCounter()
           .Name("micrometrics_label_set_overflow_total")
           .Help(
               "Events counted under the label set whose values are all "
               "__other__, because label_limits.max_sets was reached.")
           .Register(r)
           .Add({});

  events_received_ = &prometheus::BuildCounter()
                          .Name("micrometrics_events_received_total")
                          .Help(
                              "Events received on the ingest API, valid "
                              "or not.")
                          .Register(r)
                          .Add({});
  events_processed_ = &prometheus::BuildCounter()
                           .Name("micrometrics_events_processed_total")
                           .Help("Events evaluated by the worker pool.")
                           .Register(r)
                           .Add({});
  events_rejected_ = &prometheus::BuildCounter()
                          .Name("micrometrics_events_rejected_total")
                          .Help(
                              "Events or request bodies turned away, by "
                              "reason.")
                          .Register(r);
  for (const char* reason :
       {"invalid_json", "invalid_field", "invalid_utf8", "no_content",
        "malformed_body", "queue_full", "batch_too_large", "shutting_down"}) {
    events_rejected_->Add({{"reason", reason}});
  }
  queue_depth_ = &prometheus::BuildGauge()
                      .Name("micrometrics_queue_depth")
                      .Help("Events waiting for a worker.")
                      .Register(r)
                      .Add({});
  queue_bytes_ = &prometheus::BuildGauge()
                      .Name("micrometrics_queue_bytes")
                      .Help("Approximate memory held by queued events.")
                      .Register(r)
                      .Add({});
  prometheus::BuildGauge()
      .Name("micrometrics_queue_capacity")
      .Help("Events the queue holds at most.")
      .Register(r)
      .Add({})
      .Set(static_cast<double>(config.pipeline.queue_capacity));
  prometheus::BuildGauge()
      .Name("micrometrics_workers")
      .Help("Worker threads evaluating events.")
      .Register(r)
      .Add({})
      .Set(config.pipeline.workers);
  http_requests_ = &prometheus::BuildCounter()
                        .Name("micrometrics_http_requests_total")
                        .Help("HTTP requests by handler and status code.")
                        .Register(r);
  http_duration_ = &prometheus::BuildHistogram()
                        .Name("micrometrics_http_request_duration_seconds")
                        .Help(
                            "Time from a complete request to its answer, "
                            "network excluded, by handler.")
                        .Register(r);
  feedback_ = &prometheus::BuildCounter()
                   .Name("micrometrics_feedback_total")
                   .Help(
                       "User feedback and outcomes by kind, under the "
                       "labels of the event they are about.")
                   .Register(r);
  feedback_unmatched_ = &prometheus::BuildCounter()
                             .Name("micrometrics_feedback_unmatched_total")
                             .Help(
                                 "Feedback whose event or conversation was "
                                 "unknown or expired.")
                             .Register(r);
  feedback_evictions_ = &prometheus::BuildCounter()
                             .Name("micrometrics_feedback_join_evictions_total")
                             .Help(
                                 "Remembered events dropped to stay within "
                                 "feedback.max_entries.")
                             .Register(r)
                             .Add({});
  otlp_spans_ = &prometheus::BuildCounter()
                     .Name("micrometrics_otlp_spans_total")
                     .Help(
                         "OTLP spans received on /v1/traces: event (GenAI "
                         "span turned into an event), ignored (no gen_ai "
                         "attributes), rejected.")
                     .Register(r);
  for (const char* result : {"event", "ignored", "rejected"}) {
    otlp_spans_->Add({{"result", result}});
  }
  auto& overflow = prometheus::BuildCounter()
                       .Name("micrometrics_label_overflow_total")
                       .Help(
                           "Label values counted under __other__ because "
                           "the label reached label_limits.max_values.")
                       .Register(r);
  for (const auto& name : labels.names()) {
    label_overflow_.push_back(&overflow.Add({{"label", name}}));
  }
  connections_ = &prometheus::BuildGauge()
                      .Name("micrometrics_http_connections")
                      .Help("Open HTTP connections by listener.")
                      .Register(r);
  connections_closed_ =
      &prometheus::BuildCounter()
           .Name("micrometrics_http_connections_closed_total")
           .Help(
               "Connections the daemon closed: limit (over "
               "server.max_connections), idle_timeout (keep-alive without a "
               "request), read_timeout (a request not read in time).")
           .Register(r);
  example_file_ = &prometheus::BuildCounter()
                       .Name("micrometrics_examples_file_writes_total")
                       .Help(
                           "Failing examples appended to examples.file, by "
                           "result (written, dropped: writer behind, failed: "
                           "write error).")
                       .Register(r);
  reload_ok_ = &prometheus::BuildGauge()
                    .Name("micrometrics_config_last_reload_successful")
                    .Help("1 if the last config load or reload succeeded.")
                    .Register(r)
                    .Add({});
  reload_ok_->Set(1);
  reload_time_ =
      &prometheus::BuildGauge()
           .Name("micrometrics_config_last_reload_success_timestamp_seconds")
           .Help("When the config was last loaded successfully (Unix time).")
           .Register(r)
           .Add({});
  reload_time_->SetToCurrentTime();
  reloads_ = &prometheus::BuildCounter()
                  .Name("micrometrics_config_reloads_total")
                  .Help("Config reloads (SIGHUP, POST /-/reload) by result.")
                  .Register(r);
  for (const char* result : {"success", "failure"}) {
    reloads_->Add({{"result", result}});
  }
  prometheus::BuildGauge()
      .Name("micrometrics_build_info")
      .Help("Build information; value 1.")
      .Register(r)
      .Add({{"version", MICROMETRICS_VERSION}})
      .Set(1);
}

void Series::SetMetrics(const std::vector<metrics::MicroMetric>& metrics,
                        const std::vector<std::string>& drop) {
  for (prometheus::Gauge* g : info_) info_family_->Remove(g);
  info_.clear();
  for (const auto& [date, g] : overdue_) overdue_family_->Remove(g);
  overdue_.clear();
  for (const auto& name : drop) by_name_.erase(name);
  auto list = std::make_shared<std::vector<MetricSeriesRef>>();
  std::unordered_map<std::string, std::shared_ptr<MetricSeries>> kept;
  for (const auto& m : metrics) {
    auto& series = by_name_[m.name];
    if (!series) series = std::make_shared<MetricSeries>(sets_.max_sets());
    kept[m.name] = series;
    list->push_back({m.name, std::string(m.value_counter.name),
                     std::string(m.value_counter.help), series});
    auto& info =
        info_family_->Add({{"metric", m.name},
                           {"type", m.type},
                           {"stage", std::string(metrics::StageName(m.stage))},
                           {"owner", m.owner}});
    info.Set(1);
    info_.push_back(&info);
    overdue_.emplace_back(m.review_by,
                          &overdue_family_->Add({{"metric", m.name}}));
  }
  by_name_ = std::move(kept);  // metrics no longer configured go too
  std::lock_guard lock(metrics_mu_);
  metrics_ = std::move(list);
}

std::shared_ptr<const std::vector<MetricSeriesRef>> Series::Metrics() const {
  std::lock_guard lock(metrics_mu_);
  return metrics_;
}

void Series::Reload(const std::vector<metrics::MicroMetric>& metrics,
                    const std::vector<std::string>& drop) {
  SetMetrics(metrics, drop);
  generation_.fetch_add(1, std::memory_order_relaxed);
}

void Series::Write(TextWriter& out) const {
  label_sets_->Set(static_cast<double>(sets_.size()));
  WriteFamilies(out, registry_->Collect());
  const auto metrics = Metrics();

  out.Family("micrometrics_checks_total",
             "Micro metric evaluations by metric and outcome (pass, fail, "
             "skipped, error).",
             "counter");
  sets_.ForEach([&](const LabelSets::Set& set, std::span<const Label> labels) {
    for (const auto& m : *metrics) {
      const MetricSeries::Counts* c = m.series->counts.Get(set.id);
      if (!c) continue;
      uint64_t n[metrics::kOutcomeCount];
      uint64_t total = 0;
      for (int o = 0; o < metrics::kOutcomeCount; ++o) {
        total += n[o] = c->outcomes[o].load(std::memory_order_relaxed);
      }
      if (total == 0) continue;
      // pass and fail always together, so fail ratios never lack a series.
      for (int o = 0; o < metrics::kOutcomeCount; ++o) {
        if (o > static_cast<int>(metrics::Outcome::kFail) && n[o] == 0) {
          continue;
        }
        const Label extra[] = {
            {"metric", m.name},
            {"outcome",
             metrics::OutcomeName(static_cast<metrics::Outcome>(o))}};
        out.Sample("micrometrics_checks_total", labels, extra, n[o]);
      }
    }
  });

  // Value counters (micrometrics_cost_usd_total, ...): one family per name,
  // however many metrics sum into it.
  std::vector<std::string_view> families;
  for (const auto& m : *metrics) {
    if (m.value_family.empty() || std::find(families.begin(), families.end(),
                                            m.value_family) != families.end()) {
      continue;
    }
    families.push_back(m.value_family);
    out.Family(m.value_family, m.value_help, "counter");
    sets_.ForEach(
        [&](const LabelSets::Set& set, std::span<const Label> labels) {
          for (const auto& n : *metrics) {
            if (n.value_family != m.value_family) continue;
            const MetricSeries::Counts* c = n.series->counts.Get(set.id);
            if (!c) continue;
            const double v = c->value.load(std::memory_order_relaxed);
            if (v <= 0) continue;
            const Label extra[] = {{"metric", n.name}};
            out.Sample(m.value_family, labels, extra, v);
          }
        });
  }

  out.Family("micrometrics_evaluation_duration_seconds",
             "Time one micro metric took to evaluate one event.", "histogram");
  for (const auto& m : *metrics) {
    const Label extra[] = {{"metric", m.name}};
    WriteHistogram(out, "micrometrics_evaluation_duration_seconds", {}, extra,
                   kEvaluationBounds, m.series->duration);
  }

  sets_.WriteGenAi(out);
  WriteFamilies(out, ProcessMetrics().Collect());
  out.Flush();
}

std::string Series::Serialize() const {
  std::string text;
  TextWriter out([&](std::string_view chunk) { text += chunk; });
  Write(out);
  return text;
}

void Series::CountRejected(metrics::RejectReason reason, double n) {
  CountRejected(std::string(metrics::RejectReasonName(reason)), n);
}

void Series::CountRejected(const std::string& reason, double n) {
  events_rejected_->Add({{"reason", reason}}).Increment(n);
}

void Series::CountHttpRequest(const std::string& handler, unsigned status,
                              double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets{
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
      0.005,   0.01,   0.05,    0.25,   1};
  http_requests_->Add({{"handler", handler}, {"code", std::to_string(status)}})
      .Increment();
  http_duration_->Add({{"handler", handler}}, kBuckets).Observe(seconds);
}

void Series::CountFeedback(const std::string& kind,
                           const std::vector<std::string>* label_values) {
  std::map<std::string, std::string> labels;
  if (label_values) {
    labels = LabelMap(*label_values);
  } else {
    labels = LabelMap(std::vector<std::string>(labels_.names().size()));
    feedback_unmatched_->Add({{"kind", kind}}).Increment();
  }
  labels["kind"] = kind;
  feedback_->Add(labels).Increment();
}

void Series::UpdateReviewOverdue(const std::string& today) {
  for (const auto& [date, gauge] : overdue_) {
    gauge->Set(!date.empty() && today > date ? 1 : 0);
  }
}

void Series::SetExampleFileCounts(const std::array<uint64_t, 3>& totals) {
  static const char* kResults[] = {"written", "dropped", "failed"};
  std::lock_guard lock(feedback_mu_);
  for (size_t i = 0; i < 3; ++i) {
    auto& c = example_file_->Add({{"result", kResults[i]}});
    if (totals[i] > example_file_seen_[i]) {
      c.Increment(static_cast<double>(totals[i] - example_file_seen_[i]));
      example_file_seen_[i] = totals[i];
    }
  }
}

void Series::SetConnectionStats(const ConnectionStats& main,
                                const ConnectionStats* metrics) {
  std::lock_guard lock(feedback_mu_);
  auto one = [&](const char* listener, const ConnectionStats& s) {
    connections_->Add({{"listener", listener}})
        .Set(static_cast<double>(s.open.load()));
    const std::pair<const char*, uint64_t> closed[] = {
        {"limit", s.refused.load()},
        {"idle_timeout", s.idle_timeout.load()},
        {"read_timeout", s.read_timeout.load()}};
    for (const auto& [reason, total] : closed) {
      auto& c = connections_closed_->Add(
          {{"listener", listener}, {"reason", reason}});
      uint64_t& seen = connections_seen_[std::string(listener) + reason];
      if (total > seen) {
        c.Increment(static_cast<double>(total - seen));
        seen = total;
      }
    }
  };
  one("main", main);
  if (metrics) one("metrics", *metrics);
}

void Series::CountReload(bool ok) {
  reload_ok_->Set(ok ? 1 : 0);
  if (ok) reload_time_->SetToCurrentTime();
  reloads_->Add({{"result", ok ? "success" : "failure"}}).Increment();
}

void Series::CountOtlpSpans(const std::string& result, double n) {
  if (n > 0) otlp_spans_->Add({{"result", result}}).Increment(n);
}

void Series::SetFeedbackEvictions(size_t total) {
  std::lock_guard lock(feedback_mu_);
  if (total > feedback_evictions_seen_) {
    feedback_evictions_->Increment(
        static_cast<double>(total - feedback_evictions_seen_));
    feedback_evictions_seen_ = total;
  }
}

std::map<std::string, std::string> Series::LabelMap(
    const std::vector<std::string>& values) const {
  std::map<std::string, std::string> m;
  for (size_t i = 0; i < values.size(); ++i) {
    m.emplace(labels_.names()[i], values[i]);
  }
  return m;
}

void Series::Recorder::BeginEvent(const metrics::Event& event) {
  if (const uint64_t g = series_.generation_.load(std::memory_order_relaxed);
      g != generation_ || !metrics_) {
    metrics_ = series_.Metrics();  // a config reload: new metric indices
    generation_ = g;
  }
  overflowed_.clear();
  values_ = series_.labels_.Values(event, &overflowed_);
  for (size_t label : overflowed_) series_.label_overflow_[label]->Increment();
  std::string key = LabelSets::Key(values_);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    // Bounded: the sets stay in LabelSets, only the cache goes.
    if (cache_.size() >= kMaxCachedLabelSets) cache_.clear();
    Cached c;
    c.set = series_.sets_.Find(values_, &c.overflow);
    it = cache_.emplace(std::move(key), c).first;
  }
  if (it->second.overflow) series_.label_set_overflow_->Increment();
  current_ = it->second.set;
}

void Series::Recorder::RecordCheck(size_t metric_index,
                                   const metrics::Verdict& verdict,
                                   double seconds) {
  MetricSeries& series = *(*metrics_)[metric_index].series;
  MetricSeries::Counts& counts = series.counts.At(current_->id);
  counts.outcomes[static_cast<size_t>(verdict.outcome)].fetch_add(
      1, std::memory_order_relaxed);
  if (verdict.value && *verdict.value > 0 &&
      !(*metrics_)[metric_index].value_family.empty()) {
    counts.value.fetch_add(*verdict.value, std::memory_order_relaxed);
  }
  if (verdict.outcome == metrics::Outcome::kError) {
    // Counted always; logged at 1, 10, 100, ... per worker to stay readable.
    if (++errors_ >= next_error_log_) {
      next_error_log_ *= 10;
      spdlog::warn("metric {}: evaluator error ({} so far on this worker): {}",
                   (*metrics_)[metric_index].name, errors_, verdict.reason);
    }
  }
  series.duration.Observe(kEvaluationBounds, seconds);
}

void Series::Recorder::EndEvent(const metrics::Event& event) {
  if (event.latency_ms) {
    LabelSets::Observe(current_, LabelSets::kDuration,
                       *event.latency_ms / 1000);
  }
  if (event.ttft_ms) {
    LabelSets::Observe(current_, LabelSets::kTimeToFirstChunk,
                       *event.ttft_ms / 1000);
  }
  if (event.usage.input_tokens) {
    LabelSets::Observe(current_, LabelSets::kInputTokens,
                       static_cast<double>(*event.usage.input_tokens));
  }
  if (event.usage.output_tokens) {
    LabelSets::Observe(current_, LabelSets::kOutputTokens,
                       static_cast<double>(*event.usage.output_tokens));
  }
  series_.events_processed_->Increment();
}

}  // namespace micrometrics::daemon
