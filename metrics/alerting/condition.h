#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace micrometrics::metrics {

/// An alert rule's condition, as written in config:
/// `fail_rate > 0.02`, `fail_count >= 10`, `value_p95 > 2000`,
/// `value_p99 > 5`, `events < 10`, or the regression
/// `fail_rate > 2 * baseline` (also `fail_rate > baseline`).
struct Condition {
  enum class Subject { kFailRate, kFailCount, kValueP95, kValueP99, kEvents };
  enum class Op { kGreater, kGreaterEqual, kLess, kLessEqual };
  Subject subject = Subject::kFailRate;
  Op op = Op::kGreater;
  /// The threshold, or the factor K when `relative_to_baseline`.
  double threshold = 0;
  bool relative_to_baseline = false;

  bool Holds(double lhs, double rhs) const;
  std::string ToString() const;
};

/// Parses a condition; on failure returns nullopt and says why in `error`.
std::optional<Condition> ParseCondition(std::string_view text,
                                        std::string* error);

}  // namespace micrometrics::metrics
