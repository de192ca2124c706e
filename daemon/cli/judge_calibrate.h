#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace micrometrics::daemon {

/// `micrometricsd judge-calibrate`: a labelled file through one judge
/// metric, before it pages anyone (docs/METRICS.md "Calibrating a judge").
struct CalibrateArgs {
  std::string config_path;          ///< holds the judge metric
  std::string metric;               ///< its name
  std::string input;                ///< JSONL: an event per line plus "label"
  std::string format = "table";     ///< table or json
  int concurrency = 0;              ///< 0: the metric's queue.concurrency
  std::optional<double> min_kappa;  ///< exit 1 below it
};

/// Returns 0, 1 when kappa is below --min-kappa (or unknown), 2 on usage,
/// config or input errors (said on `err`).
int RunCalibrate(const CalibrateArgs& args, std::ostream& out,
                 std::ostream& err);

}  // namespace micrometrics::daemon
