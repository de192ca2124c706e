#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace micrometrics::metrics {

/// The outcome of one micro metric on one event.
enum class Outcome { kPass = 0, kFail = 1, kSkipped = 2, kError = 3 };
inline constexpr int kOutcomeCount = 4;

/// "pass", "fail", "skipped" or "error": the `outcome` label value.
std::string_view OutcomeName(Outcome outcome);

/// Verdicts counted by outcome: the one tally that the series, the metric
/// book, alert windows and replay share.
struct OutcomeCounts {
  uint64_t pass = 0;
  uint64_t fail = 0;
  uint64_t skipped = 0;
  uint64_t error = 0;

  void Add(Outcome outcome, uint64_t n = 1);
  uint64_t Count(Outcome outcome) const;
  /// pass + fail: the verdicts that said something.
  uint64_t decided() const { return pass + fail; }
  uint64_t total() const { return pass + fail + skipped + error; }
  /// fail / (pass + fail); 0 when nothing was decided.
  double FailRate() const;
  void Merge(const OutcomeCounts& other);
  /// Subtracts, never below zero.
  void Subtract(const OutcomeCounts& other);
};

/// What an evaluator says about one event: an outcome, an optional value
/// (e.g. the latency it judged) and a short reason for humans. Reasons never
/// quote user text.
struct Verdict {
  Outcome outcome = Outcome::kSkipped;
  std::optional<double> value;
  std::string reason;

  static Verdict Pass(std::string reason = {}) {
    return {Outcome::kPass, std::nullopt, std::move(reason)};
  }
  static Verdict Fail(std::string reason) {
    return {Outcome::kFail, std::nullopt, std::move(reason)};
  }
  static Verdict Skipped(std::string reason) {
    return {Outcome::kSkipped, std::nullopt, std::move(reason)};
  }
  static Verdict Error(std::string reason) {
    return {Outcome::kError, std::nullopt, std::move(reason)};
  }
  Verdict&& WithValue(double v) && {
    value = v;
    return std::move(*this);
  }
};

}  // namespace micrometrics::metrics
