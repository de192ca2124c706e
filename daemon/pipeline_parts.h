#pragma once

#include <memory>

#include "metrics/pipeline.h"

namespace micrometrics::daemon {

class Alerts;
class FeedbackLabels;
class Judges;
class MetricBook;
class Series;

/// The daemon's parts after evaluation, in the order they run:
///   1. series: the Prometheus counters and histograms; it resolves the
///      event's label values (limited) for the parts after it;
///   2. alert windows (when `alerts` is not null);
///   3. the metric book: counts, last failure, failing examples;
///   4. feedback labels: remembers the event's labels by id and
///      conversation, so a later POST /v1/feedback joins them;
///   5. judges: the events a judge metric selected (Defer), for its runner;
///   6. `evaluation`, when given: verdicts sent as OpenTelemetry evaluation
///      results (EvaluationResults::MakePart).
/// A late event (a judge's verdict) counts its verdict and nothing else of
/// the event. One pipeline per thread (the parts cache handles without
/// locks). The objects passed in must outlive it; null ones are left out.
metrics::Pipeline MakeDaemonPipeline(
    Series& series, Alerts* alerts, MetricBook* book, FeedbackLabels* feedback,
    Judges* judges, std::unique_ptr<metrics::VerdictSink> evaluation = nullptr);

}  // namespace micrometrics::daemon
