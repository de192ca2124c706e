#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "metrics/event.h"

namespace micrometrics::metrics {

/// The text of a failing event as shown to people (replay --examples,
/// /api/v1/examples): the reply, or the input when there is no reply, with
/// personal data replaced by its category ("[EMAIL]", "[CARD]", ...) by the
/// same detectors as the `pii` metric, then cut to `max_chars` code points
/// ("..." marks a cut). The same as RedactExample(ExampleSource(...)).
std::string ExampleText(const Event& event, size_t max_chars);

/// The cheap half, for the hot path: the raw text cut a little longer than
/// `max_chars` (so that personal data across the cut is still recognised),
/// with "\x1f" appended when the text went on.
std::string ExampleSource(const Event& event, size_t max_chars);
/// The costly half, when the example is shown: redaction and the final cut.
std::string RedactExample(const std::string& source, size_t max_chars);

/// One failing event as kept for people to look at.
struct FailingExample {
  std::string event_id;
  std::string conversation_id;
  std::chrono::system_clock::time_point time;  ///< when it was evaluated
  std::vector<std::pair<std::string, std::string>> labels;
  std::string reason;
  std::string source;  ///< ExampleSource: raw; RedactExample before showing
};

/// The most recent `capacity` examples, oldest dropped first. Memory is
/// bounded by capacity x (max_chars + labels). Not thread-safe.
class ExampleRing {
 public:
  explicit ExampleRing(size_t capacity) : capacity_(capacity) {}
  void Add(FailingExample example);
  /// Examples older than all held ones (oldest first), behind them: as many
  /// of the newest of them as there is room for.
  void AddOlder(std::vector<FailingExample> older);
  /// Newest first, at most `limit`.
  std::vector<FailingExample> Newest(size_t limit) const;
  size_t size() const { return items_.size(); }
  size_t capacity() const { return capacity_; }
  /// Drops the oldest beyond the new capacity.
  void set_capacity(size_t capacity);

 private:
  size_t capacity_;
  std::deque<FailingExample> items_;
};

}  // namespace micrometrics::metrics
