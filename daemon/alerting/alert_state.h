#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "metrics/alerting/alert_rule.h"

namespace micrometrics::daemon {

/// What a restart carries over (`alerting.state_file`): each rule's groups
/// (alert state and windows) under a fingerprint of the rule and its
/// metric, and when each firing alert started and was last sent.
struct AlertState {
  struct Rule {
    std::string name;
    /// Of the rule's definition and its metric's: a rule edited while the
    /// daemon was down does not inherit windows of another condition.
    std::string fingerprint;
    std::vector<metrics::AlertGroupSnapshot> groups;
  };
  struct Sent {
    std::string rule;
    metrics::AlertLabels labels;
    metrics::AlertClock::time_point starts_at{};
    metrics::AlertClock::time_point last_sent{};
  };
  metrics::AlertClock::time_point saved_at{};
  std::vector<Rule> rules;
  std::vector<Sent> sent;
};

std::string EncodeAlertState(const AlertState& state);
/// Throws std::runtime_error naming what is wrong.
AlertState DecodeAlertState(std::string_view text);

/// The state file: read once at start; written by its own thread (the
/// latest state handed over wins), so a slow disk never stalls the I/O
/// threads that evaluate alerts and serve HTTP.
class AlertStateFile {
 public:
  explicit AlertStateFile(std::string path);
  ~AlertStateFile();
  AlertStateFile(const AlertStateFile&) = delete;
  AlertStateFile& operator=(const AlertStateFile&) = delete;

  const std::string& path() const { return path_; }
  /// nullopt when there is no file yet; throws std::runtime_error when it
  /// cannot be read or decoded.
  std::optional<AlertState> Read() const;
  /// Hands a state to the writer thread; never blocks on the disk.
  void Submit(std::string encoded);
  /// Writes now, on the caller's thread (shutdown).
  bool WriteNow(const std::string& encoded);

  uint64_t writes_ok() const { return ok_.load(); }
  uint64_t writes_failed() const { return failed_.load(); }

 private:
  bool Write(const std::string& encoded);

  const std::string path_;
  std::mutex write_mu_;  // one write at a time
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::string> pending_;
  bool stopping_ = false;
  bool last_failed_ = false;
  std::atomic<uint64_t> ok_{0};
  std::atomic<uint64_t> failed_{0};
  std::thread thread_;
};

}  // namespace micrometrics::daemon
