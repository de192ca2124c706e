#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "metrics/event.h"
#include "metrics/micro_metric.h"
#include "metrics/verdict.h"

namespace micrometrics::metrics {

/// The event being recorded, as the parts after evaluation see it.
struct EventContext {
  const Event* event = nullptr;
  /// When it was evaluated: alert windows and "last failure" use it.
  std::chrono::system_clock::time_point now;
  /// Its label values, limited to the allowed sets. The part that owns the
  /// label sets (the series part, first in the daemon) sets them in
  /// BeginEvent; parts after it read them. Null when no part does.
  const std::vector<std::string>* labels = nullptr;
  /// A deferred verdict (a judge's) recorded after the event itself was:
  /// parts count verdicts as usual but not the event again (its durations,
  /// tokens, events_processed_total, its feedback memory).
  bool late = false;
  /// Which metrics (by index) failed this event so far; a deferred metric
  /// sees every synchronous verdict (they run first). Shorter than the
  /// metric list when the last ones did not fail.
  const std::vector<char>* failed = nullptr;
};

/// A part that cares what happens to an evaluated event: the series, the
/// alert windows, the failing examples, the feedback labels, a replay's
/// tally. A Pipeline calls its parts in the order they were added, from one
/// thread; a part need not be thread-safe itself.
class VerdictSink {
 public:
  virtual ~VerdictSink() = default;
  virtual void BeginEvent(EventContext& /*event*/) {}
  /// One verdict of metric `metric` (its index in the running config),
  /// which took `seconds` to evaluate.
  virtual void Record(size_t metric, const Verdict& verdict, double seconds,
                      const EventContext& event) = 0;
  virtual void EndEvent(const EventContext& /*event*/) {}
  /// Metric `metric` (deferred: a judge) selected the event; its verdict
  /// comes later, through a late event (EventContext::late).
  virtual void Defer(size_t /*metric*/, const EventContext& /*event*/) {}
  /// After a batch of events (or one checked event): publish what was
  /// counted since the last flush.
  virtual void Flush(std::chrono::system_clock::time_point /*now*/) {}
};

/// What happens to an evaluated event, composed once per thread from the
/// parts that care. The workers, `POST /v1/check` and replay each build one
/// and hand it every event; none of them wires the parts by hand.
class Pipeline {
 public:
  using Clock = std::chrono::system_clock;

  /// Adds a part the pipeline owns.
  Pipeline& Add(std::unique_ptr<VerdictSink> part) {
    parts_.push_back(part.get());
    owned_.push_back(std::move(part));
    return *this;
  }
  /// Adds a part the caller owns and keeps alive (a replay's tally, merged
  /// after the run).
  Pipeline& Add(VerdictSink& part) {
    parts_.push_back(&part);
    return *this;
  }

  /// Evaluates every metric that selects `event` (its `when:` and
  /// `sample:`) and records each verdict: BeginEvent, Record..., EndEvent.
  /// A deferred metric's event goes to Defer instead, after every other
  /// metric's verdict.
  void Process(const std::vector<MicroMetric>& metrics, const Event& event,
               Clock::time_point now);

  /// The same, one step at a time, for a caller that picks the metrics
  /// itself (`/v1/check?metrics=`) or needs each verdict back.
  void BeginEvent(const Event& event, Clock::time_point now, bool late = false);
  void Record(size_t metric, const Verdict& verdict, double seconds);
  void Defer(size_t metric);
  void EndEvent();
  void Flush(Clock::time_point now);

 private:
  std::vector<VerdictSink*> parts_;
  std::vector<std::unique_ptr<VerdictSink>> owned_;
  EventContext current_;
  std::vector<char> failed_;  // by metric index, for current_.failed
};

}  // namespace micrometrics::metrics
