#pragma once

#include <iosfwd>
#include <string>

#include "metrics/reports/lifecycle_report.h"

namespace micrometrics::daemon {

/// `micrometricsd report`: which metrics need attention (docs/LIFECYCLE.md).
struct ReportArgs {
  std::string config_path;  ///< the metrics and their metadata
  std::string url;          ///< a running daemon: its /api/v1/metrics
  std::string replay;       ///< or a JSONL file replayed through the config
  std::string token_file;   ///< bearer token for the daemon, if it needs one
  std::string format = "table";       ///< table, markdown or json
  metrics::LifecycleOptions options;  ///< today defaults to the UTC date
  int workers = 0;
};

/// Returns 0 when the report was written, 2 on usage, config, input or
/// connection errors (said on `err`).
int RunReport(const ReportArgs& args, std::ostream& out, std::ostream& err);

}  // namespace micrometrics::daemon
