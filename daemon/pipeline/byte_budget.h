#pragma once

#include <atomic>
#include <cstdint>

namespace micrometrics::daemon {

/// The bytes of request data the daemon holds at once: request bodies being
/// read (reserved at their Content-Length before the first body byte is
/// read) and events waiting in the queue, against one limit (half of
/// server.memory_budget; the other half is the process itself: code, series,
/// examples, parse copies, allocator slack). Lock-free; thread-safe.
class ByteBudget {
 public:
  explicit ByteBudget(uint64_t limit) : limit_(limit) {}

  /// Takes `bytes` if they fit under the limit; false (nothing taken)
  /// otherwise.
  bool TryReserve(uint64_t bytes) {
    uint64_t used = used_.load(std::memory_order_relaxed);
    do {
      if (bytes > limit_ || used > limit_ - bytes) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes,
                                          std::memory_order_relaxed));
    uint64_t peak = peak_.load(std::memory_order_relaxed);
    while (used + bytes > peak &&
           !peak_.compare_exchange_weak(peak, used + bytes,
                                        std::memory_order_relaxed)) {
    }
    return true;
  }
  void Release(uint64_t bytes) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
  }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t limit() const { return limit_; }
  /// The most held at once since the last call (the allocator trim asks).
  uint64_t TakePeak() {
    return peak_.exchange(used(), std::memory_order_relaxed);
  }

 private:
  const uint64_t limit_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
};

}  // namespace micrometrics::daemon
