#pragma once

#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "metrics/micro_metric.h"

namespace micrometrics::metrics {

/// Evaluates one metric on one event, timing it. An evaluator that throws
/// yields an `error` verdict instead of unwinding into the caller.
inline Verdict EvaluateOne(const MicroMetric& metric, const Event& event,
                           double* seconds) {
  const auto start = std::chrono::steady_clock::now();
  Verdict verdict;
  try {
    verdict = metric.evaluator->Evaluate(event);
  } catch (const std::exception& e) {
    verdict = Verdict::Error(std::string("evaluator failed: ") + e.what());
  } catch (...) {
    verdict = Verdict::Error("evaluator failed");
  }
  *seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return verdict;
}

/// Runs every metric that selects `event` (its `when:` and `sample:`) and
/// hands each verdict to `sink(index, verdict, seconds)`, where index is the
/// metric's position in `metrics` and seconds the evaluation's duration.
/// Thread-safe as long as `sink` is.
template <typename Sink>
void EvaluateEvent(const std::vector<MicroMetric>& metrics, const Event& event,
                   Sink&& sink) {
  for (size_t i = 0; i < metrics.size(); ++i) {
    const MicroMetric& metric = metrics[i];
    if (!metric.Selects(event) || metric.evaluator->deferred()) continue;
    double seconds = 0;
    Verdict verdict = EvaluateOne(metric, event, &seconds);
    sink(i, verdict, seconds);
  }
}

}  // namespace micrometrics::metrics
