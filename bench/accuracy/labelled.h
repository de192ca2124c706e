#pragma once

// Labelled text for the accuracy harness: the shared data sets
// (../shared/data/*.tsv, read in place, never copied) and the tallies the
// harness prints.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace micrometrics::accuracy {

/// One labelled row: the label column and the text columns after it.
struct Row {
  std::string label;
  std::vector<std::string> fields;
};

/// Reads a shared data file: '#' lines are comments, the first other line
/// is the header; columns are tab-separated and `\\ \t \n \r` inside them are
/// backslash-escaped. Throws std::runtime_error naming the file and line.
std::vector<Row> ReadLabelledTsv(const std::string& path);

/// Which rows a measurement uses. Rows are split in two halves by a hash of
/// their text: `dev` is the half detectors may be tuned on, `heldout` the
/// half their published figures come from.
enum class Split { kAll, kDev, kHeldOut };
bool InSplit(std::string_view text, Split split);

/// Counts of one binary decision ("the detector says yes") against a label.
struct Tally {
  uint64_t tp = 0, fn = 0, fp = 0, tn = 0;
  void Add(bool truth, bool predicted) {
    if (truth) {
      predicted ? ++tp : ++fn;
    } else {
      predicted ? ++fp : ++tn;
    }
  }
  uint64_t positives() const { return tp + fn; }
  uint64_t negatives() const { return fp + tn; }
};

/// "93.1% [91.2, 94.6]" (Wilson 95%), or "-" when d is 0.
std::string Percent(uint64_t n, uint64_t d);

}  // namespace micrometrics::accuracy
