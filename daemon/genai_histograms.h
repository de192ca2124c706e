#pragma once

#include <prometheus/metric_family.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace micrometrics::daemon {

/// The OpenTelemetry GenAI histograms (operation duration, time to first
/// chunk, token usage by type), stored compactly: per label set the label
/// values once and four arrays of atomic bucket counts, instead of one
/// prometheus-cpp object with its own label map per series (about 460 bytes
/// for each of the 68 series a label set has). Collect() hands the
/// exposition the same families prometheus-cpp would. Thread-safe: Find
/// takes a shared lock (a unique one to add a set); Observe is lock-free.
class GenAiHistograms {
 public:
  enum Kind { kDuration, kTimeToFirstChunk, kInputTokens, kOutputTokens };
  struct Set;

  explicit GenAiHistograms(std::vector<std::string> label_names);
  ~GenAiHistograms();

  /// The set of these label values, created on first use. The pointer
  /// stays valid for the object's life.
  Set* Find(const std::vector<std::string>& values);
  static void Observe(Set* set, Kind kind, double value);

  /// gen_ai_client_operation_duration_seconds,
  /// gen_ai_client_operation_time_to_first_chunk_seconds and
  /// gen_ai_client_token_usage, one ClientMetric per label set (and token
  /// type), labels sorted by name as prometheus-cpp writes them.
  std::vector<prometheus::MetricFamily> Collect() const;
  size_t size() const;

 private:
  std::vector<std::string> label_names_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<Set>> sets_;
};

}  // namespace micrometrics::daemon
