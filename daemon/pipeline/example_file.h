#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "metrics/reports/examples.h"

namespace micrometrics::daemon {

/// One example as /api/v1/examples and the examples file show it: event id,
/// conversation, time, labels, reason and the text redacted and cut.
nlohmann::ordered_json ExampleToJson(const metrics::FailingExample& e,
                                     size_t max_chars);

/// What became of the examples handed to examples.file, kept by its owner
/// across the files a reload replaces.
struct ExampleFileCounts {
  std::atomic<uint64_t> written{0};
  std::atomic<uint64_t> dropped{0};  ///< the writer was behind
  std::atomic<uint64_t> failed{0};   ///< a write error
};

/// `examples.file`: failing examples appended as JSONL (redacted) by a
/// background thread, rotated at `file_max_bytes` to FILE.1, so that they
/// survive a restart. Append never blocks and never fails: when the writer
/// is behind (a slow or full disk) examples are dropped and counted.
class ExampleFile {
 public:
  /// Counts into `counts`, which outlives the file.
  ExampleFile(const config::ExamplesConfig& config, ExampleFileCounts& counts);
  /// Writes what is queued, then stops.
  ~ExampleFile();
  ExampleFile(const ExampleFile&) = delete;
  ExampleFile& operator=(const ExampleFile&) = delete;

  void Append(const std::string& metric, const metrics::FailingExample& e);

  /// The newest `per_metric` examples of each metric found in FILE.1 and
  /// FILE (redacted already), oldest first, for filling the rings at start.
  static std::map<std::string, std::vector<metrics::FailingExample>> Load(
      const config::ExamplesConfig& config);

 private:
  void Run();

  const config::ExamplesConfig config_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, metrics::FailingExample>> queue_;
  bool stopping_ = false;
  ExampleFileCounts& counts_;
  std::thread thread_;
};

}  // namespace micrometrics::daemon
