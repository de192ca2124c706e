#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "daemon/exposition/exemplar.h"
#include "metrics/series_names.h"

namespace micrometrics::daemon {

/// One label of a sample.
struct Label {
  std::string_view name;
  std::string_view value;
};

/// Writes the Prometheus text exposition format (0.0.4), or OpenMetrics 1.0
/// (with exemplars and `# EOF`) when asked, family by family,
/// handing it to a sink in chunks of about `chunk_bytes`, so a scrape of a
/// million series never holds the whole text in memory unless the sink keeps
/// it. Labels are written sorted by name, as prometheus-cpp writes them.
class TextWriter {
 public:
  using Sink = std::function<void(std::string_view)>;

  explicit TextWriter(Sink sink, size_t chunk_bytes = 256 * 1024,
                      bool openmetrics = false);
  ~TextWriter();
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  /// The # HELP and # TYPE lines of a family.
  void Family(std::string_view name, std::string_view help,
              std::string_view type);
  void Family(const series::Name& name) {
    Family(name.name, name.help, name.type);
  }
  /// One sample: name, labels `a` (already sorted by name) merged with
  /// `b` (already sorted), value.
  void Sample(std::string_view name, std::span<const Label> a,
              std::span<const Label> b, double value);
  /// A counter sample; with `exemplar` (OpenMetrics only) its trace.
  void Sample(std::string_view name, std::span<const Label> a,
              std::span<const Label> b, uint64_t value,
              const Exemplar* exemplar = nullptr);
  /// A histogram bucket: `le` comes last, as prometheus-cpp writes it.
  void Bucket(std::string_view name, std::span<const Label> a,
              std::span<const Label> b, double le, uint64_t cumulative,
              const Exemplar* exemplar = nullptr);
  /// The end of the exposition (OpenMetrics: `# EOF`).
  void End();
  bool openmetrics() const { return openmetrics_; }
  /// Text already in the exposition format (prometheus-cpp's serializer).
  void Raw(std::string_view text);
  /// Hands what is buffered to the sink.
  void Flush();

 private:
  /// NAME{a merged with b[,le=...]} and a space.
  void Head(std::string_view name, std::span<const Label> a,
            std::span<const Label> b, const double* le);
  void MaybeFlush();
  /// One sample line: head, value, newline.
  template <typename V>
  void Line(std::string_view name, std::span<const Label> a,
            std::span<const Label> b, const double* le, V value,
            const Exemplar* exemplar = nullptr);

  Sink sink_;
  bool openmetrics_;
  size_t chunk_bytes_;
  std::string buffer_;
};

/// A histogram of N upper bounds (plus +Inf) with atomic buckets: Observe is
/// lock-free and can run on any number of threads (prometheus-cpp's
/// Histogram takes a mutex per observation).
template <size_t N>
struct AtomicHistogram {
  std::array<std::atomic<uint64_t>, N + 1> buckets{};
  std::atomic<double> sum{0};

  void Observe(const std::array<double, N>& bounds, double v) {
    size_t i = 0;
    while (i < N && v > bounds[i]) ++i;
    buckets[i].fetch_add(1, std::memory_order_relaxed);
    sum.fetch_add(v, std::memory_order_relaxed);
  }
};

/// Writes NAME_bucket{...,le=}, NAME_sum and NAME_count of one histogram
/// (`name` has room for the suffixes: pass NAME, they are appended).
/// With `exemplar`, it goes on the bucket its value falls in.
template <size_t N>
void WriteHistogram(TextWriter& out, const std::string& name,
                    std::span<const Label> a, std::span<const Label> b,
                    const std::array<double, N>& bounds,
                    const AtomicHistogram<N>& h,
                    const Exemplar* exemplar = nullptr) {
  const std::string bucket = name + "_bucket";
  uint64_t cumulative = 0;
  size_t exemplar_bucket = N;
  if (exemplar) {
    exemplar_bucket = 0;
    while (exemplar_bucket < N && exemplar->value > bounds[exemplar_bucket]) {
      ++exemplar_bucket;
    }
  }
  for (size_t i = 0; i <= N; ++i) {
    cumulative += h.buckets[i].load(std::memory_order_relaxed);
    out.Bucket(bucket, a, b,
               i < N ? bounds[i] : std::numeric_limits<double>::infinity(),
               cumulative, i == exemplar_bucket ? exemplar : nullptr);
  }
  out.Sample(name + "_sum", a, b, h.sum.load(std::memory_order_relaxed));
  out.Sample(name + "_count", a, b, cumulative);
}

}  // namespace micrometrics::daemon
