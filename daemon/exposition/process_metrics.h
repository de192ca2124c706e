#pragma once

#include "daemon/exposition/collectable.h"

namespace micrometrics::daemon {

/// micrometrics_build_info and the standard process_* series every
/// Prometheus exporter has (resident memory, CPU, open fds, start time),
/// read from /proc/self at scrape time. Stateless; safe to call from any
/// thread. Series it cannot read are left out rather than reported as 0.
class ProcessMetrics final : public Collectable {
 public:
  void Collect(TextWriter& out) const override;
};

}  // namespace micrometrics::daemon
