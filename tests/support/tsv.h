#pragma once

#include <array>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace micrometrics::testing {

/// Rows of a three-column TSV corpus (tests/testdata/*/corpus.tsv); lines
/// starting with '#' are comments.
inline std::vector<std::array<std::string, 3>> ReadTsv3(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::array<std::string, 3>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find('\t');
    size_t b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) {
      throw std::runtime_error("bad line in " + path + ": " + line);
    }
    rows.push_back(
        {line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return rows;
}

}  // namespace micrometrics::testing
