#include "metrics/pipeline.h"

#include "metrics/evaluation.h"

namespace micrometrics::metrics {

void Pipeline::Process(const std::vector<MicroMetric>& metrics,
                       const Event& event, Clock::time_point now) {
  BeginEvent(event, now);
  for (size_t i = 0; i < metrics.size(); ++i) {
    const MicroMetric& metric = metrics[i];
    if (!metric.Selects(event)) continue;
    if (metric.evaluator->deferred()) {
      Defer(i);
      continue;
    }
    double seconds = 0;
    const Verdict verdict = EvaluateOne(metric, event, &seconds);
    Record(i, verdict, seconds);
  }
  EndEvent();
}

void Pipeline::BeginEvent(const Event& event, Clock::time_point now,
                          bool late) {
  current_ = EventContext{&event, now, nullptr, late};
  for (VerdictSink* part : parts_) part->BeginEvent(current_);
}

void Pipeline::Record(size_t metric, const Verdict& verdict, double seconds) {
  for (VerdictSink* part : parts_)
    part->Record(metric, verdict, seconds, current_);
}

void Pipeline::Defer(size_t metric) {
  for (VerdictSink* part : parts_) part->Defer(metric, current_);
}

void Pipeline::EndEvent() {
  for (VerdictSink* part : parts_) part->EndEvent(current_);
  current_ = EventContext{};
}

void Pipeline::Flush(Clock::time_point now) {
  for (VerdictSink* part : parts_) part->Flush(now);
}

}  // namespace micrometrics::metrics
