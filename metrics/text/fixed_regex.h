#pragma once

#include <re2/re2.h>

#include <stdexcept>
#include <string>

namespace micrometrics::metrics {

/// An RE2 pattern written in the source, for `static const` use. RE2 tells
/// of a pattern that does not compile only through ok(), and such a pattern
/// matches nothing: a typo (a raw string closed early by `)"`) would turn a
/// rule off without a word. This one throws std::logic_error naming RE2's
/// error instead, the first time the code that holds it runs, which every
/// evaluator's tests reach. An RE2 in every other way.
class FixedRegex : public RE2 {
 public:
  explicit FixedRegex(const std::string& pattern,
                      const RE2::Options& options = RE2::Quiet)
      : RE2(pattern, options) {
    if (!ok()) {
      throw std::logic_error("a built-in pattern does not compile: " + error() +
                             " (in " + pattern.substr(0, 120) + ")");
    }
  }
};

}  // namespace micrometrics::metrics
