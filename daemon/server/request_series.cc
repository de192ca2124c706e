#include "daemon/server/request_series.h"

namespace micrometrics::daemon {
namespace {

template <typename Builder>
auto& Build(Builder builder, const series::Name& name,
            prometheus::Registry& registry) {
  return builder.Name(name.str())
      .Help(std::string(name.help))
      .Register(registry);
}

}  // namespace

RequestSeries::RequestSeries()
    : received_(
          &Build(prometheus::BuildCounter(), series::kEventsReceived, registry_)
               .Add({})),
      rejected_(&Build(prometheus::BuildCounter(), series::kEventsRejected,
                       registry_)),
      otlp_spans_(
          &Build(prometheus::BuildCounter(), series::kOtlpSpans, registry_)),
      http_requests_(
          &Build(prometheus::BuildCounter(), series::kHttpRequests, registry_)),
      http_duration_(&Build(prometheus::BuildHistogram(),
                            series::kHttpRequestDuration, registry_)) {
  // Every reason and result from the start, so that rates never lack a
  // series.
  for (const char* reason :
       {"invalid_json", "invalid_field", "invalid_utf8", "no_content",
        "malformed_body", "queue_full", "batch_too_large", "shutting_down"}) {
    rejected_->Add({{"reason", reason}});
  }
  for (const char* result : {"event", "ignored", "rejected"}) {
    otlp_spans_->Add({{"result", result}});
  }
}

void RequestSeries::CountRejected(metrics::RejectReason reason, double n) {
  CountRejected(std::string(metrics::RejectReasonName(reason)), n);
}

void RequestSeries::CountRejected(const std::string& reason, double n) {
  rejected_->Add({{"reason", reason}}).Increment(n);
  rejected_total_.fetch_add(static_cast<uint64_t>(n),
                            std::memory_order_relaxed);
}

void RequestSeries::CountOtlpSpans(const std::string& result, double n) {
  if (n > 0) otlp_spans_->Add({{"result", result}}).Increment(n);
}

void RequestSeries::CountHttpRequest(const std::string& handler,
                                     unsigned status, double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets{
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
      0.005,   0.01,   0.05,    0.25,   1};
  http_requests_->Add({{"handler", handler}, {"code", std::to_string(status)}})
      .Increment();
  http_duration_->Add({{"handler", handler}}, kBuckets).Observe(seconds);
}

}  // namespace micrometrics::daemon
