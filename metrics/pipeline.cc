#include "metrics/pipeline.h"

#include "metrics/evaluation.h"

namespace micrometrics::metrics {

void Pipeline::Process(const std::vector<MicroMetric>& metrics,
                       const Event& event, Clock::time_point now) {
  BeginEvent(event, now);
  bool any_deferred = false;
  for (size_t i = 0; i < metrics.size(); ++i) {
    const MicroMetric& metric = metrics[i];
    if (metric.evaluator->deferred()) {
      any_deferred = true;
      continue;
    }
    if (!metric.Selects(event)) continue;
    double seconds = 0;
    const Verdict verdict = EvaluateOne(metric, event, &seconds);
    Record(i, verdict, seconds);
  }
  // Last, so that a judge can ask about what the others flagged.
  for (size_t i = 0; any_deferred && i < metrics.size(); ++i) {
    if (metrics[i].evaluator->deferred() && metrics[i].Selects(event)) {
      Defer(i);
    }
  }
  EndEvent();
}

void Pipeline::BeginEvent(const Event& event, Clock::time_point now,
                          bool late) {
  failed_.clear();
  current_ = EventContext{&event, now, nullptr, late, &failed_};
  for (VerdictSink* part : parts_) part->BeginEvent(current_);
}

void Pipeline::Record(size_t metric, const Verdict& verdict, double seconds) {
  if (verdict.outcome == Outcome::kFail) {
    if (failed_.size() <= metric) failed_.resize(metric + 1, 0);
    failed_[metric] = 1;
  }
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
