#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace micrometrics::metrics {

/// The outcome of one micro metric on one event.
enum class Outcome { kPass = 0, kFail = 1, kSkipped = 2, kError = 3 };
inline constexpr int kOutcomeCount = 4;

/// "pass", "fail", "skipped" or "error": the `outcome` label value.
std::string_view OutcomeName(Outcome outcome);

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
