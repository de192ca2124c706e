#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace micrometrics::daemon {

/// A W3C trace context in binary: 128-bit trace id, 64-bit span id.
struct TraceContext {
  uint64_t trace_hi = 0;
  uint64_t trace_lo = 0;
  uint64_t span = 0;
  bool valid() const { return trace_hi != 0 || trace_lo != 0; }
  /// From an event's lowercase hex ids (32 and 16 digits); invalid when the
  /// trace id is empty.
  static TraceContext FromHex(std::string_view trace, std::string_view span);
  std::string TraceHex() const;
  std::string SpanHex() const;
};

/// One exemplar: the trace of an observation, its value, and when (ms since
/// the epoch).
struct Exemplar {
  TraceContext trace;
  double value = 0;
  int64_t ms = 0;
};

/// The latest exemplar of one series. Lock-free and best effort: Store from
/// any thread (a store that meets another in progress is dropped; the next
/// one wins), Load from the scrape (nothing while a store is in progress).
class ExemplarSlot {
 public:
  void Store(const TraceContext& trace, double value, int64_t ms);
  std::optional<Exemplar> Load() const;

 private:
  std::atomic<uint32_t> seq_{0};  ///< odd while a store is in progress
  std::atomic<uint64_t> hi_{0};
  std::atomic<uint64_t> lo_{0};
  std::atomic<uint64_t> span_{0};
  std::atomic<double> value_{0};
  std::atomic<int64_t> ms_{0};
};

}  // namespace micrometrics::daemon
