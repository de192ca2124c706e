#include "tests/support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/http_client.h"

extern char** environ;

namespace micrometrics::testing {
namespace {

std::vector<char*> Argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::string& log_path)
    : log_path_(log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  auto args = Argv(argv);
  int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

ChildProcess::~ChildProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    Wait(std::chrono::seconds(5));
  }
}

std::string ChildProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool ChildProcess::WaitForLog(const std::string& text,
                              std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Log().find(text) != std::string::npos) return true;
    if (!running()) return Log().find(text) != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void ChildProcess::Signal(int signo) { kill(pid_, signo); }

bool ChildProcess::running() {
  if (exit_code_) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = DecodeStatus(status);
    return false;
  }
  return r == 0;
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return exit_code_;
}

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& stdin_text, bool separate_stderr) {
  static std::atomic<int> counter{0};
  std::string dir = MakeTempDir("cmd" + std::to_string(counter++));
  std::string in_path = dir + "/stdin";
  WriteFile(in_path, stdin_text);
  std::string out_path = dir + "/out";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string err_path = dir + "/err";
  if (separate_stderr) {
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  } else {
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
  }
  auto args = Argv(argv);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  CommandResult result;
  if (rc != 0) {
    result.output = "cannot start " + argv[0];
    return result;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = DecodeStatus(status);
  std::ifstream out(out_path);
  std::stringstream ss;
  ss << out.rdbuf();
  result.output = ss.str();
  if (separate_stderr) {
    std::ifstream err(err_path);
    std::stringstream es;
    es << err.rdbuf();
    result.errors = es.str();
  }
  return result;
}

std::string MakeTempDir(const std::string& name) {
  static std::atomic<int> counter{0};
  const char* base = std::getenv("TEST_TMPDIR");
  std::filesystem::path root =
      base ? base : std::filesystem::temp_directory_path();
  std::filesystem::path dir =
      root / ("micrometrics-" + std::to_string(getpid()) + "-" + name + "-" +
              std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string DaemonBinary() {
  const char* path = std::getenv("MICROMETRICSD");
  if (!path) throw std::runtime_error("set MICROMETRICSD to the binary");
  return path;
}

DaemonProcess::DaemonProcess(const std::string& config_yaml,
                             std::vector<std::string> extra_args)
    : dir_(MakeTempDir("daemon")) {
  std::string config_path = dir_ + "/config.yaml";
  WriteFile(config_path, config_yaml);
  std::vector<std::string> argv = {DaemonBinary(), "serve",    "--config",
                                   config_path,    "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(argv, dir_ + "/daemon.log");
  if (!process_->WaitForLog(" listening on ", std::chrono::seconds(10))) {
    throw std::runtime_error("micrometricsd did not start:\n" + Log());
  }
  std::smatch m;
  std::string log = Log();
  if (!std::regex_search(log, m,
                         std::regex("listening on 127\\.0\\.0\\.1:(\\d+)"))) {
    throw std::runtime_error("no port in the log:\n" + log);
  }
  port_ = std::stoi(m[1]);
}

AlertmanagerProcess::AlertmanagerProcess()
    : dir_(MakeTempDir("alertmanager")), port_(FreePort()) {
  WriteFile(dir_ + "/alertmanager.yml",
            "route: {receiver: 'null', group_wait: 0s}\n"
            "receivers: [{name: 'null'}]\n");
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{
          "/usr/bin/prometheus-alertmanager",
          "--config.file=" + dir_ + "/alertmanager.yml",
          "--storage.path=" + dir_ + "/data",
          "--web.listen-address=127.0.0.1:" + std::to_string(port_),
          "--cluster.listen-address="},
      dir_ + "/alertmanager.log");
  if (!process_->WaitForLog("Listening", std::chrono::seconds(30))) {
    throw std::runtime_error("alertmanager did not start:\n" + process_->Log());
  }
}

nlohmann::json AlertmanagerProcess::Alerts() const {
  return nlohmann::json::parse(HttpCall(port_, "GET", "/api/v2/alerts").body);
}

PrometheusProcess::PrometheusProcess(const std::string& config_yaml,
                                     std::vector<std::string> flags)
    : dir_(MakeTempDir("prometheus")), port_(FreePort()) {
  WriteFile(dir_ + "/prometheus.yml", config_yaml);
  const char* binary = std::getenv("PROMETHEUS");
  std::vector<std::string> argv = {
      binary ? binary : "/usr/bin/prometheus",
      "--config.file=" + dir_ + "/prometheus.yml",
      "--storage.tsdb.path=" + dir_ + "/data",
      "--web.listen-address=127.0.0.1:" + std::to_string(port_)};
  argv.insert(argv.end(), flags.begin(), flags.end());
  process_ = std::make_unique<ChildProcess>(argv, dir_ + "/prometheus.log");
  if (!process_->WaitForLog("Server is ready to receive web requests",
                            std::chrono::seconds(30))) {
    throw std::runtime_error("prometheus did not start:\n" + process_->Log());
  }
}

std::string DaemonProcess::Scrape() {
  return HttpCall(port_, "GET", "/metrics").body;
}

std::optional<double> DaemonProcess::Sample(const std::string& series) {
  return FindSample(Scrape(), series);
}

bool DaemonProcess::WaitForSample(const std::string& series, double value,
                                  std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Sample(series) == value) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool DaemonProcess::WaitForSampleAtLeast(const std::string& series,
                                         double value,
                                         std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Sample(series).value_or(value - 1) >= value) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::optional<double> FindSample(const std::string& exposition,
                                 const std::string& series) {
  std::istringstream in(exposition);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > series.size() &&
        line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

}  // namespace micrometrics::testing
