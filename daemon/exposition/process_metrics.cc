#include "daemon/exposition/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace micrometrics::daemon {
namespace {

prometheus::MetricFamily Family(const char* name, const char* help,
                                prometheus::MetricType type, double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(metric);
  return family;
}

// Seconds since the epoch at which the system booted (for the start time).
double BootTime() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(1 << 16, '\n');
  }
  return 0;
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  static const double page = static_cast<double>(sysconf(_SC_PAGESIZE));

  std::ifstream stat("/proc/self/stat");
  std::string line;
  if (std::getline(stat, line)) {
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state is field 3, utime 14, stime 15, starttime 22, vsize 23,
    // rss 24.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::vector<std::string> f(1, "");  // 1-based, offset by the two skipped
    std::string tok;
    while (rest >> tok) f.push_back(tok);
    auto field = [&](size_t n) { return std::stod(f.at(n - 2)); };
    if (f.size() > 23) {
      out.push_back(Family("process_cpu_seconds_total",
                           "User and system CPU time spent, in seconds.",
                           MetricType::Counter,
                           (field(14) + field(15)) / ticks));
      out.push_back(Family("process_virtual_memory_bytes",
                           "Virtual memory size in bytes.", MetricType::Gauge,
                           field(23)));
      out.push_back(Family("process_resident_memory_bytes",
                           "Resident memory size in bytes.", MetricType::Gauge,
                           field(24) * page));
      static const double start = BootTime() + field(22) / ticks;
      out.push_back(Family("process_start_time_seconds",
                           "Start time of the process since the epoch, in "
                           "seconds.",
                           MetricType::Gauge, start));
    }
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  if (!ec) {
    out.push_back(Family("process_open_fds", "Open file descriptors.",
                         MetricType::Gauge, fds));
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.push_back(
        Family("process_max_fds", "Maximum number of open file descriptors.",
               MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return out;
}

}  // namespace micrometrics::daemon
