#include "daemon/exposition/exemplar.h"

#include <charconv>

namespace micrometrics::daemon {
namespace {

uint64_t ParseHex64(std::string_view s) {
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return v;
}

std::string Hex64(uint64_t v) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4)
    out[static_cast<size_t>(i)] = kDigits[v & 15];
  return out;
}

}  // namespace

TraceContext TraceContext::FromHex(std::string_view trace,
                                   std::string_view span) {
  TraceContext t;
  if (trace.size() != 32) return t;
  t.trace_hi = ParseHex64(trace.substr(0, 16));
  t.trace_lo = ParseHex64(trace.substr(16));
  if (span.size() == 16) t.span = ParseHex64(span);
  return t;
}

std::string TraceContext::TraceHex() const {
  return Hex64(trace_hi) + Hex64(trace_lo);
}

std::string TraceContext::SpanHex() const { return Hex64(span); }

void ExemplarSlot::Store(const TraceContext& trace, double value, int64_t ms) {
  uint32_t s = seq_.load(std::memory_order_relaxed);
  if ((s & 1) != 0 ||
      !seq_.compare_exchange_strong(s, s + 1, std::memory_order_acquire)) {
    return;  // another store is in progress: it is as recent as this one
  }
  hi_.store(trace.trace_hi, std::memory_order_relaxed);
  lo_.store(trace.trace_lo, std::memory_order_relaxed);
  span_.store(trace.span, std::memory_order_relaxed);
  value_.store(value, std::memory_order_relaxed);
  ms_.store(ms, std::memory_order_relaxed);
  seq_.store(s + 2, std::memory_order_release);
}

std::optional<Exemplar> ExemplarSlot::Load() const {
  const uint32_t before = seq_.load(std::memory_order_acquire);
  if (before == 0 || (before & 1) != 0) return std::nullopt;
  Exemplar e;
  e.trace.trace_hi = hi_.load(std::memory_order_relaxed);
  e.trace.trace_lo = lo_.load(std::memory_order_relaxed);
  e.trace.span = span_.load(std::memory_order_relaxed);
  e.value = value_.load(std::memory_order_relaxed);
  e.ms = ms_.load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (seq_.load(std::memory_order_relaxed) != before) return std::nullopt;
  return e;
}

}  // namespace micrometrics::daemon
