#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace micrometrics::config {

/// What loading `next` in place of `running` changes, by name. A metric is
/// changed when its definition (type, params, when, sample) differs; new
/// metadata alone (owner, stage, dates) leaves it unchanged. Alert rules
/// compare their whole definition.
struct ConfigChanges {
  std::vector<std::string> metrics_added;
  std::vector<std::string> metrics_removed;
  std::vector<std::string> metrics_changed;
  std::vector<std::string> metrics_unchanged;
  std::vector<std::string> alerts_added;
  std::vector<std::string> alerts_removed;
  std::vector<std::string> alerts_changed;
  std::vector<std::string> notifiers_changed;  ///< added, removed or edited
  /// Settings read only at start-up that differ, e.g.
  /// "server.listen: 127.0.0.1:9650 -> 0.0.0.0:9650".
  std::vector<std::string> restart_required;
};

ConfigChanges CompareConfigs(const Config& running, const Config& next);

/// `next` with every start-up-only setting (server, pipeline, labels,
/// label_limits, feedback, otlp, alerting.external_url) taken from
/// `running`: what a reload applies.
Config WithStartupSettingsOf(const Config& running, Config next);

}  // namespace micrometrics::config
