#include "bench/accuracy/labelled.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "metrics/alerting/statistics.h"

namespace micrometrics::accuracy {
namespace {

std::string Unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    switch (field[++i]) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      default:
        out += field[i];
    }
  }
  return out;
}

}  // namespace

std::vector<Row> ReadLabelledTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Row> rows;
  std::string line;
  bool header = true;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    Row row;
    size_t start = 0;
    bool first = true;
    while (true) {
      size_t tab = line.find('\t', start);
      std::string field = Unescape(std::string_view(line).substr(
          start, tab == std::string::npos ? std::string::npos : tab - start));
      if (first) {
        row.label = std::move(field);
        first = false;
      } else {
        row.fields.push_back(std::move(field));
      }
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (row.fields.empty()) {
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": no text column");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool InSplit(std::string_view text, Split split) {
  if (split == Split::kAll) return true;
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  const bool dev = (h >> 17) % 2 == 0;
  return split == Split::kDev ? dev : !dev;
}

std::string Percent(uint64_t n, uint64_t d) {
  if (d == 0) return "-";
  auto ci = metrics::WilsonInterval(n, d, 0.95);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%% [%.1f, %.1f]", 100.0 * n / d,
                100.0 * ci.low, 100.0 * ci.high);
  return buf;
}

}  // namespace micrometrics::accuracy
