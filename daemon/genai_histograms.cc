#include "daemon/genai_histograms.h"

#include <algorithm>
#include <array>
#include <limits>
#include <mutex>

namespace micrometrics::daemon {
namespace {

// OpenTelemetry GenAI semantic conventions, recommended boundaries.
constexpr std::array<double, 14> kDurationBounds = {
    0.01, 0.02, 0.04, 0.08,  0.16,  0.32,  0.64,
    1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
constexpr std::array<double, 14> kTokenBounds = {
    1,     4,     16,     64,      256,     1024,     4096,
    16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};

const std::array<double, 14>& Bounds(GenAiHistograms::Kind kind) {
  return kind == GenAiHistograms::kDuration ||
                 kind == GenAiHistograms::kTimeToFirstChunk
             ? kDurationBounds
             : kTokenBounds;
}

struct Histogram {
  std::array<std::atomic<uint64_t>, 15> buckets{};  // per bucket, +Inf last
  std::atomic<double> sum{0};

  void Observe(const std::array<double, 14>& bounds, double v) {
    const size_t i = static_cast<size_t>(
        std::lower_bound(bounds.begin(), bounds.end(), v) - bounds.begin());
    buckets[i].fetch_add(1, std::memory_order_relaxed);
    sum.fetch_add(v, std::memory_order_relaxed);
  }
};

}  // namespace

struct GenAiHistograms::Set {
  std::vector<std::string> values;
  std::array<Histogram, 4> histograms;
};

GenAiHistograms::GenAiHistograms(std::vector<std::string> label_names)
    : label_names_(std::move(label_names)) {}

GenAiHistograms::~GenAiHistograms() = default;

GenAiHistograms::Set* GenAiHistograms::Find(
    const std::vector<std::string>& values) {
  std::string key;
  for (const auto& v : values) {
    key += v;
    key += '\x1f';
  }
  {
    std::shared_lock lock(mu_);
    if (auto it = sets_.find(key); it != sets_.end()) return it->second.get();
  }
  std::unique_lock lock(mu_);
  auto& slot = sets_[key];
  if (!slot) {
    slot = std::make_unique<Set>();
    slot->values = values;
  }
  return slot.get();
}

void GenAiHistograms::Observe(Set* set, Kind kind, double value) {
  set->histograms[kind].Observe(Bounds(kind), value);
}

size_t GenAiHistograms::size() const {
  std::shared_lock lock(mu_);
  return sets_.size();
}

std::vector<prometheus::MetricFamily> GenAiHistograms::Collect() const {
  prometheus::MetricFamily duration{"gen_ai_client_operation_duration_seconds",
                                    "GenAI operation duration (OpenTelemetry "
                                    "gen_ai.client.operation.duration).",
                                    prometheus::MetricType::Histogram,
                                    {}};
  prometheus::MetricFamily ttft{
      "gen_ai_client_operation_time_to_first_chunk_seconds",
      "Time to the first chunk of a streamed answer "
      "(gen_ai.client.operation.time_to_first_chunk).",
      prometheus::MetricType::Histogram,
      {}};
  prometheus::MetricFamily tokens{
      "gen_ai_client_token_usage",
      "Tokens used per operation by gen_ai_token_type "
      "(gen_ai.client.token.usage).",
      prometheus::MetricType::Histogram,
      {}};
  auto metric = [&](const Set& set, Kind kind, const char* token_type) {
    prometheus::ClientMetric m;
    for (size_t i = 0; i < label_names_.size(); ++i) {
      m.label.push_back({label_names_[i], set.values[i]});
    }
    if (token_type) m.label.push_back({"gen_ai_token_type", token_type});
    std::sort(m.label.begin(), m.label.end());
    const Histogram& h = set.histograms[kind];
    const auto& bounds = Bounds(kind);
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= bounds.size(); ++b) {
      cumulative += h.buckets[b].load(std::memory_order_relaxed);
      m.histogram.bucket.push_back(
          {cumulative, b < bounds.size()
                           ? bounds[b]
                           : std::numeric_limits<double>::infinity()});
    }
    m.histogram.sample_count = cumulative;
    m.histogram.sample_sum = h.sum.load(std::memory_order_relaxed);
    return m;
  };
  std::shared_lock lock(mu_);
  for (const auto& [key, set] : sets_) {
    duration.metric.push_back(metric(*set, kDuration, nullptr));
    ttft.metric.push_back(metric(*set, kTimeToFirstChunk, nullptr));
    tokens.metric.push_back(metric(*set, kInputTokens, "input"));
    tokens.metric.push_back(metric(*set, kOutputTokens, "output"));
  }
  std::vector<prometheus::MetricFamily> out;
  out.push_back(std::move(duration));
  out.push_back(std::move(ttft));
  out.push_back(std::move(tokens));
  return out;
}

}  // namespace micrometrics::daemon
