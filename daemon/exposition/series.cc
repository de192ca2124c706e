#include "daemon/exposition/series.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <map>

#include "metrics/ingest/time.h"

namespace micrometrics::daemon {
namespace {

constexpr std::array<double, MetricSeries::kDurationBounds> kEvaluationBounds{
    0.000001, 0.00001, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 1};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

MetricSeries::MetricSeries(size_t max_sets, std::vector<double> bounds)
    : counts(max_sets + 1),
      fail_exemplars(max_sets + 1),
      value_bounds(std::move(bounds)) {
  if (value_bounds.empty()) return;
  value_buckets = std::make_unique<ChunkedArray<std::atomic<uint64_t>>>(
      (max_sets + 1) * (value_bounds.size() + 1));
  value_sums =
      std::make_unique<ChunkedArray<std::atomic<double>>>(max_sets + 1);
}

void MetricSeries::ObserveValue(uint32_t id, double v) {
  if (!value_buckets) return;
  // `le`: the first bound at or above v.
  const size_t b = static_cast<size_t>(
      std::lower_bound(value_bounds.begin(), value_bounds.end(), v) -
      value_bounds.begin());
  value_buckets->At(id * (value_bounds.size() + 1) + b)
      .fetch_add(1, std::memory_order_relaxed);
  value_sums->At(id).fetch_add(v, std::memory_order_relaxed);
}

Series::Series(const config::Config& config, metrics::LabelSchema& labels)
    : labels_(labels),
      sets_(labels.names(), config.label_max_sets),
      zero_for_ms_(config.server.new_series_zero_for.count()) {
  SetMetrics(config.metrics, {});
}

void Series::SetMetrics(const std::vector<metrics::MicroMetric>& metrics,
                        const std::vector<std::string>& drop) {
  for (const auto& name : drop) by_name_.erase(name);
  auto list = std::make_shared<std::vector<MetricSeriesRef>>();
  std::unordered_map<std::string, std::shared_ptr<MetricSeries>> kept;
  for (const auto& m : metrics) {
    auto& series = by_name_[m.name];
    // New value buckets (a rule's threshold changed) start a new histogram.
    if (!series || series->value_bounds != m.value_buckets) {
      series =
          std::make_shared<MetricSeries>(sets_.max_sets(), m.value_buckets);
    }
    kept[m.name] = series;
    list->push_back({m.name, m.type, std::string(metrics::StageName(m.stage)),
                     m.owner, m.review_by, std::string(m.value_counter.name),
                     std::string(m.value_counter.help), series});
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

void Series::Collect(TextWriter& out) const {
  const auto metrics = Metrics();
  out.Family(series::kMetricInfo);
  for (const auto& m : *metrics) {
    const Label labels[] = {{"metric", m.name},
                            {"owner", m.owner},
                            {"stage", m.stage},
                            {"type", m.type}};
    out.Sample(series::kMetricInfo.name, labels, {}, 1.0);
  }
  const std::string today =
      metrics::FormatRfc3339(std::chrono::system_clock::now()).substr(0, 10);
  out.Family(series::kMetricReviewOverdue);
  for (const auto& m : *metrics) {
    const Label labels[] = {{"metric", m.name}};
    out.Sample(series::kMetricReviewOverdue.name, labels, {},
               !m.review_by.empty() && today > m.review_by ? 1.0 : 0.0);
  }
  WriteSingle(out, series::kEventsProcessed,
              static_cast<double>(events_processed()));
  sets_.Collect(out);

  // A label set's first verdicts of a metric show as 0 for zero_for_ms_,
  // so that Prometheus sees its counters start at zero (increase() counts
  // nothing before a series' first sample).
  const int64_t now_ms = NowMs();
  auto young = [&](const MetricSeries::Counts& c) {
    return zero_for_ms_ > 0 &&
           now_ms - c.first_ms.load(std::memory_order_relaxed) < zero_for_ms_;
  };
  out.Family(series::kChecks);
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
      const bool zero = young(*c);
      // pass and fail always together, so fail ratios never lack a series.
      for (int o = 0; o < metrics::kOutcomeCount; ++o) {
        if (o > static_cast<int>(metrics::Outcome::kFail) && n[o] == 0) {
          continue;
        }
        const Label extra[] = {
            {"metric", m.name},
            {"outcome",
             metrics::OutcomeName(static_cast<metrics::Outcome>(o))}};
        // The failures' exemplar: the trace of the latest one.
        std::optional<Exemplar> exemplar;
        if (o == static_cast<int>(metrics::Outcome::kFail) && !zero &&
            out.openmetrics()) {
          if (const auto* slot = m.series->fail_exemplars.Get(set.id)) {
            exemplar = slot->Load();
          }
        }
        out.Sample(series::kChecks.name, labels, extra, zero ? 0 : n[o],
                   exemplar ? &*exemplar : nullptr);
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
            out.Sample(m.value_family, labels, extra, young(*c) ? 0.0 : v);
          }
        });
  }

  // Verdict values, for value_p95/value_p99 rules in Prometheus.
  bool value_family = false;
  for (const auto& m : *metrics) {
    if (!m.series->value_buckets) continue;
    if (!value_family) out.Family(series::kCheckValue);
    value_family = true;
    const auto& bounds = m.series->value_bounds;
    const size_t stride = bounds.size() + 1;
    const std::string bucket = series::kCheckValue.str() + "_bucket";
    std::vector<uint64_t> counts(stride);
    sets_.ForEach([&](const LabelSets::Set& set,
                      std::span<const Label> labels) {
      const MetricSeries::Counts* c = m.series->counts.Get(set.id);
      const size_t base = set.id * stride;
      if (!c || !m.series->value_buckets->Get(base + stride - 1)) return;
      uint64_t total = 0;
      for (size_t i = 0; i < stride; ++i) {
        const auto* cell = m.series->value_buckets->Get(base + i);
        total += counts[i] = cell ? cell->load(std::memory_order_relaxed) : 0;
      }
      if (total == 0) return;
      const bool zero = young(*c);
      const Label extra[] = {{"metric", m.name}};
      uint64_t cumulative = 0;
      for (size_t i = 0; i < stride; ++i) {
        cumulative += counts[i];
        out.Bucket(bucket, labels, extra,
                   i < bounds.size() ? bounds[i]
                                     : std::numeric_limits<double>::infinity(),
                   zero ? 0 : cumulative);
      }
      const auto* sum = m.series->value_sums->Get(set.id);
      out.Sample(series::kCheckValue.str() + "_sum", labels, extra,
                 zero || !sum ? 0.0 : sum->load(std::memory_order_relaxed));
      out.Sample(series::kCheckValue.str() + "_count", labels, extra,
                 zero ? 0 : cumulative);
    });
  }

  out.Family(series::kEvaluationDuration);
  for (const auto& m : *metrics) {
    const Label extra[] = {{"metric", m.name}};
    WriteHistogram(out, series::kEvaluationDuration.str(), {}, extra,
                   kEvaluationBounds, m.series->duration);
  }
}

std::vector<StatusPage::LabelRate> Series::WorstLabelSets(
    const std::string& name, size_t k, uint64_t min_decided) const {
  std::vector<StatusPage::LabelRate> out;
  if (labels_.names().empty()) return out;
  const auto metrics = Metrics();
  auto it = std::find_if(metrics->begin(), metrics->end(),
                         [&](const auto& m) { return m.name == name; });
  if (it == metrics->end()) return out;
  const auto pass = static_cast<size_t>(metrics::Outcome::kPass);
  const auto fail = static_cast<size_t>(metrics::Outcome::kFail);
  sets_.ForEach([&](const LabelSets::Set& set, std::span<const Label> labels) {
    const MetricSeries::Counts* c = it->series->counts.Get(set.id);
    if (!c) return;
    const uint64_t fails = c->outcomes[fail].load(std::memory_order_relaxed);
    const uint64_t decided =
        fails + c->outcomes[pass].load(std::memory_order_relaxed);
    if (fails == 0 || decided < std::max<uint64_t>(min_decided, 1)) return;
    StatusPage::LabelRate rate{{}, fails, decided};
    for (const auto& l : labels) {
      rate.labels.emplace_back(std::string(l.name), std::string(l.value));
    }
    out.push_back(std::move(rate));
  });
  // Highest rate first (cross-multiplied), then more evidence.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const double l =
        static_cast<double>(a.fails) * static_cast<double>(b.decided);
    const double r =
        static_cast<double>(b.fails) * static_cast<double>(a.decided);
    return l != r ? l > r : a.decided > b.decided;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

void Series::Recorder::BeginEvent(const metrics::Event& event, bool late) {
  if (const uint64_t g = series_.generation_.load(std::memory_order_relaxed);
      g != generation_ || !metrics_) {
    metrics_ = series_.Metrics();  // a config reload: new metric indices
    generation_ = g;
  }
  overflowed_.clear();
  values_ = series_.labels_.Values(event, &overflowed_);
  if (!late) {
    for (size_t label : overflowed_) series_.sets_.CountValueOverflow(label);
  }
  std::string key = LabelSets::Key(values_);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    // Bounded: the sets stay in LabelSets, only the cache goes.
    if (cache_.size() >= kMaxCachedLabelSets) cache_.clear();
    Cached c;
    c.set = series_.sets_.Find(values_, &c.overflow);
    it = cache_.emplace(std::move(key), c).first;
  }
  if (it->second.overflow && !late) series_.sets_.CountSetOverflow();
  current_ = it->second.set;
  trace_ = TraceContext::FromHex(event.trace_id, event.span_id);
}

void Series::Recorder::RecordCheck(size_t metric_index,
                                   const metrics::Verdict& verdict,
                                   double seconds) {
  MetricSeries& series = *(*metrics_)[metric_index].series;
  MetricSeries::Counts& counts = series.counts.At(current_->id);
  if (counts.first_ms.load(std::memory_order_relaxed) == 0) {
    counts.first_ms.store(NowMs(), std::memory_order_relaxed);
  }
  if (verdict.value) series.ObserveValue(current_->id, *verdict.value);
  if (verdict.outcome == metrics::Outcome::kFail && trace_.valid()) {
    series.fail_exemplars.At(current_->id).Store(trace_, 1, NowMs());
  }
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
  const int64_t ms = trace_.valid() ? NowMs() : 0;
  if (event.latency_ms) {
    LabelSets::Observe(current_, LabelSets::kDuration,
                       *event.latency_ms / 1000);
    if (ms) current_->exemplars[0].Store(trace_, *event.latency_ms / 1000, ms);
  }
  if (event.ttft_ms) {
    LabelSets::Observe(current_, LabelSets::kTimeToFirstChunk,
                       *event.ttft_ms / 1000);
    if (ms) current_->exemplars[1].Store(trace_, *event.ttft_ms / 1000, ms);
  }
  if (event.usage.input_tokens) {
    LabelSets::Observe(current_, LabelSets::kInputTokens,
                       static_cast<double>(*event.usage.input_tokens));
  }
  if (event.usage.output_tokens) {
    LabelSets::Observe(current_, LabelSets::kOutputTokens,
                       static_cast<double>(*event.usage.output_tokens));
  }
  series_.events_processed_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace micrometrics::daemon
