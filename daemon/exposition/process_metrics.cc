#include "daemon/exposition/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#ifndef MICROMETRICS_VERSION
#define MICROMETRICS_VERSION "dev"
#endif

namespace micrometrics::daemon {
namespace {

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

void ProcessMetrics::Collect(TextWriter& out) const {
  out.Family(series::kBuildInfo);
  const Label version[] = {{"version", MICROMETRICS_VERSION}};
  out.Sample(series::kBuildInfo.name, version, {}, 1.0);
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
      WriteSingle(out, series::kProcessCpu, (field(14) + field(15)) / ticks);
      WriteSingle(out, series::kProcessVirtualMemory, field(23));
      WriteSingle(out, series::kProcessResidentMemory, field(24) * page);
      static const double start = BootTime() + field(22) / ticks;
      WriteSingle(out, series::kProcessStartTime, start);
    }
  }
  std::error_code ec;
  double fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  if (!ec) {
    WriteSingle(out, series::kProcessOpenFds, fds);
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    WriteSingle(out, series::kProcessMaxFds,
                static_cast<double>(limit.rlim_cur));
  }
}

}  // namespace micrometrics::daemon
