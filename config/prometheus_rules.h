#pragma once

#include <string>

#include "config/config.h"

namespace micrometrics::config {

/// The config's alert rules as a Prometheus rule file (YAML): recording rules
/// for each rule's fail ratio, and alerting rules equivalent to the
/// sidecar's own, for fleets where Prometheus evaluates across sidecars.
/// Where PromQL cannot express a rule (value percentiles, the previous-label
/// baseline, the statistical test), the file says so in a comment.
std::string ExportPrometheusRules(const Config& config);

}  // namespace micrometrics::config
