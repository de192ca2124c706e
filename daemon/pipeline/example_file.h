#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config/config.h"
#include "metrics/reports/examples.h"

namespace micrometrics::daemon {

/// One example as /api/v1/examples and the examples file show it: event id,
/// conversation, time, labels, reason and the text redacted and cut.
nlohmann::ordered_json ExampleToJson(const metrics::FailingExample& e,
                                     size_t max_chars);

/// Kept examples by metric name, oldest first within each metric.
using ExamplesByMetric =
    std::map<std::string, std::vector<metrics::FailingExample>>;

/// Writes of examples.file by result, kept by the file's owner across the
/// files a reload replaces.
struct ExampleFileCounts {
  std::atomic<uint64_t> written{0};
  std::atomic<uint64_t> failed{0};
};

/// `examples.file`: the kept examples (what /api/v1/examples serves), saved
/// so that they survive a restart. The file is a snapshot, not a log: its
/// own thread rewrites it whole (redacted JSONL, atomically) at most once per
/// `file_write_interval` and only when the examples changed, so it holds at
/// most metrics x per_metric lines (and at most `file_max_bytes`) whatever
/// the fail rate, and never blocks a worker. With `restore`, the thread
/// first reads the file left by the last run (its last `file_max_bytes`)
/// and hands it over, so that start-up never waits on the disk; the first
/// write then compacts it.
class ExampleFile {
 public:
  struct Source {
    /// Changes whenever the kept examples change; called often.
    std::function<uint64_t()> version;
    /// The kept examples now.
    std::function<ExamplesByMetric()> snapshot;
    /// Takes what the file held at start (with `restore` only, once).
    std::function<void(ExamplesByMetric)> restore;
  };

  ExampleFile(const config::ExamplesConfig& config, Source source, bool restore,
              ExampleFileCounts& counts);
  /// Writes what changed, then stops.
  ~ExampleFile();
  ExampleFile(const ExampleFile&) = delete;
  ExampleFile& operator=(const ExampleFile&) = delete;

  /// Writes now if anything changed, on the caller's thread (shutdown,
  /// after the last verdict). Waits for the start-up read, if any.
  void WriteNow();

  /// The newest `per_metric` examples of each metric in FILE.1 (left by
  /// older versions) and FILE, oldest first, reading at most the last
  /// `file_max_bytes` of each. Damaged lines are logged with FILE:LINE.
  static ExamplesByMetric Load(const config::ExamplesConfig& config);

  /// The file's text for `examples`: one JSON line per example, redacted;
  /// the oldest left out beyond `file_max_bytes` (counted in `left_out`).
  static std::string Encode(const ExamplesByMetric& examples,
                            const config::ExamplesConfig& config,
                            size_t* left_out);

 private:
  void Run(bool restore);
  /// Under write_mu_.
  void WriteIfChanged();

  const config::ExamplesConfig config_;
  const Source source_;
  ExampleFileCounts& counts_;
  std::mutex write_mu_;  // one write at a time
  bool written_once_ = false;
  uint64_t written_version_ = 0;
  bool last_failed_ = false;
  bool warned_left_out_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool loaded_;  // the start-up read is done (or there was none)
  std::thread thread_;
};

}  // namespace micrometrics::daemon
