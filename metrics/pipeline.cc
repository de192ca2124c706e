#include "metrics/pipeline.h"

#include "metrics/evaluation.h"

namespace micrometrics::metrics {

void Pipeline::Process(const std::vector<MicroMetric>& metrics,
                       const Event& event, Clock::time_point now) {
  BeginEvent(event, now);
  EvaluateEvent(metrics, event,
                [this](size_t index, const Verdict& verdict, double seconds) {
                  Record(index, verdict, seconds);
                });
  EndEvent();
}

void Pipeline::BeginEvent(const Event& event, Clock::time_point now) {
  current_ = EventContext{&event, now, nullptr};
  for (VerdictSink* part : parts_) part->BeginEvent(current_);
}

void Pipeline::Record(size_t metric, const Verdict& verdict, double seconds) {
  for (VerdictSink* part : parts_)
    part->Record(metric, verdict, seconds, current_);
}

void Pipeline::EndEvent() {
  for (VerdictSink* part : parts_) part->EndEvent(current_);
  current_ = EventContext{};
}

void Pipeline::Flush(Clock::time_point now) {
  for (VerdictSink* part : parts_) part->Flush(now);
}

}  // namespace micrometrics::metrics
