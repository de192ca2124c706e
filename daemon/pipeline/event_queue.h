#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "daemon/exposition/collectable.h"
#include "daemon/pipeline/byte_budget.h"
#include "metrics/event.h"

namespace micrometrics::daemon {

/// Approximate memory an event holds in the queue, for the byte budget.
size_t ApproximateBytes(const metrics::Event& event);

/// Bounded multi-producer multi-consumer queue of events, bounded both in
/// events and in bytes. The overflow policy is "refuse": a push that does not
/// fit fails as a whole and the caller answers 429, so nothing is ever
/// dropped silently. Thread-safe; one mutex guards all state. Exposes
/// micrometrics_queue_depth, _bytes and _capacity.
class EventQueue final : public Collectable {
 public:
  enum class PushResult {
    kOk,        ///< every event was queued
    kFull,      ///< no room now; nothing was queued
    kTooLarge,  ///< the batch can never fit; nothing was queued
    kClosed,    ///< the queue is closed for shutdown; nothing was queued
  };

  /// `budget` (optional, outlives the queue): queued bytes are also
  /// reserved there, shared with the request bodies being read.
  EventQueue(size_t capacity, size_t max_bytes, ByteBudget* budget = nullptr);

  /// Queues all of `events` or none. On kOk the events are moved from.
  PushResult TryPushBatch(std::vector<metrics::Event>& events);

  /// Waits for room, then queues all of `events` (moved from). For
  /// producers that should slow down rather than be refused (replay).
  /// kTooLarge and kClosed as for TryPushBatch.
  PushResult PushBatch(std::vector<metrics::Event>& events);

  /// Blocks until events are available, then moves up to `max` of them into
  /// `out` (cleared first). Returns false once closed and drained.
  bool PopBatch(std::vector<metrics::Event>& out, size_t max);

  /// Refuses further pushes; poppers drain what is queued, then stop.
  void Close();

  size_t size() const;
  size_t bytes() const;
  size_t capacity() const { return capacity_; }
  size_t max_bytes() const { return max_bytes_; }

  void Collect(TextWriter& out) const override;

 private:
  const size_t capacity_;
  const size_t max_bytes_;
  ByteBudget* const budget_;
  mutable std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  int push_waiters_ = 0;
  std::deque<metrics::Event> events_;
  std::deque<size_t> sizes_;
  size_t bytes_ = 0;
  bool closed_ = false;
};

}  // namespace micrometrics::daemon
