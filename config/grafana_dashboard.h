#pragma once

#include <string>

#include "config/config.h"

namespace micrometrics::config {

/// A Grafana dashboard (JSON model) generated from the config: per metric
/// its fail rate over time split by prompt version (or the first label),
/// a table of current fail rates, latency and time-to-first-token quantiles,
/// tokens and cost, feedback rates, firing alerts and the daemon's health.
/// Every query names series the daemon exports.
std::string ExportGrafanaDashboard(const Config& config);

}  // namespace micrometrics::config
