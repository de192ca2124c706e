#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "config/config.h"
#include "metrics/reports/replay_report.h"

namespace micrometrics::daemon {

/// `micrometricsd replay`: the daemon's metrics over a file of events.
struct ReplayArgs {
  std::string config_path;  ///< empty: the built-in default config
  std::string input;        ///< JSONL file (gzip or plain), or "-" for stdin
  std::string format = "table";  ///< table, markdown or json
  metrics::ReplayOptions options;
  bool strict = false;    ///< stop at the first bad line (exit 2)
  int workers = 0;        ///< 0: one per core
  bool progress = false;  ///< a progress line on stderr (a terminal)
};

/// What EvaluateFile read and counted.
struct ReplayRun {
  metrics::ReplayInput input;
  std::unique_ptr<metrics::ReplayTally> total;
};

/// Streams `args.input` through `config`'s metrics on a worker pool and
/// merges the workers' tallies into `run`. Returns 0, or the exit code 2
/// after saying why on `err` (unreadable input, no events, --strict).
int EvaluateFile(const config::Config& config, const ReplayArgs& args,
                 std::ostream& err, ReplayRun* run);

/// Streams the input through the config's metrics on a worker pool (the
/// daemon's queue, pool and evaluators; memory stays flat however long the
/// file) and writes the report to `out`; bad lines and errors go to `err`.
/// Returns the exit code: 0 done, 1 a --fail-on gate failed, 2 usage, config
/// or input error.
int RunReplay(const ReplayArgs& args, std::ostream& out, std::ostream& err);

}  // namespace micrometrics::daemon
