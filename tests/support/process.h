#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace micrometrics::testing {

/// A child process with stdout and stderr going to a log file. Killed
/// (SIGKILL) on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv,
               const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  std::string Log() const;
  /// Waits until the log contains `text`; false on timeout or exit.
  bool WaitForLog(const std::string& text, std::chrono::milliseconds timeout);
  void Signal(int signo);
  /// Waits for exit; returns the exit code (128+N when killed by signal N),
  /// or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  bool running();

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

/// Runs a command to completion; returns its exit code and output.
struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout, and stderr too unless separate_stderr
  std::string errors;  ///< stderr when separate_stderr
};
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_text = {},
                         bool separate_stderr = false);

/// A fresh directory under the test temp dir.
std::string MakeTempDir(const std::string& name);
void WriteFile(const std::string& path, const std::string& content);

/// The micrometricsd binary under test (env MICROMETRICSD).
std::string DaemonBinary();

/// A micrometricsd started on 127.0.0.1:0 with a config; port() is the port
/// it logged.
class DaemonProcess {
 public:
  explicit DaemonProcess(const std::string& config_yaml,
                         std::vector<std::string> extra_args = {});
  int port() const { return port_; }
  /// The config file the daemon was started with (rewrite it to reload).
  std::string config_path() const { return dir_ + "/config.yaml"; }
  ChildProcess& process() { return *process_; }
  std::string Log() const { return process_->Log(); }
  /// One sample's value from /metrics, e.g.
  /// Sample("micrometrics_events_processed_total"); nullopt when absent.
  std::optional<double> Sample(const std::string& series);
  /// Polls Sample until it equals `value` or the timeout passes.
  bool WaitForSample(
      const std::string& series, double value,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
  /// Polls Sample until it reaches at least `value`: for counters that go
  /// on rising on their own (a poll can step over the exact value).
  bool WaitForSampleAtLeast(
      const std::string& series, double value,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
  std::string Scrape();

 private:
  std::string dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

/// Debian's prometheus-alertmanager on a free loopback port, clustering
/// off, routing everything to a receiver that sends nothing: tests read
/// what it holds from its API. Throws when it does not start.
class AlertmanagerProcess {
 public:
  AlertmanagerProcess();
  int port() const { return port_; }
  /// GET /api/v2/alerts, parsed.
  nlohmann::json Alerts() const;

 private:
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

/// Debian's prometheus on a free loopback port with `config_yaml` (and
/// `flags`, e.g. --enable-feature=exemplar-storage), its data in a temp
/// dir (binary: env PROMETHEUS, else /usr/bin/prometheus). Throws when it
/// is not ready within 30 s. The config may name files in dir().
class PrometheusProcess {
 public:
  explicit PrometheusProcess(const std::string& config_yaml,
                             std::vector<std::string> flags = {});
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string Log() const { return process_->Log(); }

 private:
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

/// Finds `series` (name with its label block exactly as exposed) in a text
/// exposition and returns its value.
std::optional<double> FindSample(const std::string& exposition,
                                 const std::string& series);

}  // namespace micrometrics::testing
