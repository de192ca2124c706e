#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace micrometrics::daemon {

/// The standard process_* series every Prometheus exporter has (resident
/// memory, CPU, open fds, start time), read from /proc/self at scrape time.
/// Stateless; safe to call from any thread. Series it cannot read are left
/// out rather than reported as 0.
class ProcessMetrics : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace micrometrics::daemon
