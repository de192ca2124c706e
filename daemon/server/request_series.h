#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <string>

#include "daemon/exposition/collectable.h"
#include "metrics/ingest/event_json.h"

namespace micrometrics::daemon {

/// What the API saw: events received and rejected (by reason), OTLP spans
/// by result, HTTP requests by handler and code and their durations.
/// Thread-safe (prometheus-cpp's counters and families).
class RequestSeries final : public Collectable {
 public:
  RequestSeries();

  void CountReceived(double n) { received_->Increment(n); }
  void CountRejected(metrics::RejectReason reason, double n = 1);
  /// Rejections that are not about one item: malformed_body, queue_full,
  /// batch_too_large, shutting_down.
  void CountRejected(const std::string& reason, double n);
  /// Events rejected since start, every reason.
  uint64_t rejected() const {
    return rejected_total_.load(std::memory_order_relaxed);
  }
  /// OTLP spans by what became of them: event, ignored, rejected.
  void CountOtlpSpans(const std::string& result, double n);
  void CountHttpRequest(const std::string& handler, unsigned status,
                        double seconds);

  void Collect(TextWriter& out) const override {
    WriteFamilies(out, registry_.Collect());
  }

 private:
  prometheus::Registry registry_;
  prometheus::Counter* received_;
  prometheus::Family<prometheus::Counter>* rejected_;
  std::atomic<uint64_t> rejected_total_{0};
  prometheus::Family<prometheus::Counter>* otlp_spans_;
  prometheus::Family<prometheus::Counter>* http_requests_;
  prometheus::Family<prometheus::Histogram>* http_duration_;
};

}  // namespace micrometrics::daemon
