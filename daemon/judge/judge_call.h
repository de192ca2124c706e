#pragma once

#include <utility>  // before asio headers: Boost 1.74's awaitable needs it
// clang-format off
#include <boost/asio/awaitable.hpp>
// clang-format on
#include <atomic>
#include <string>
#include <vector>

#include "config/http_url.h"
#include "metrics/event.h"
#include "metrics/judge/judge.h"
#include "metrics/judge/judge_limits.h"
#include "metrics/micro_metric.h"

namespace micrometrics::daemon {

/// What became of one question to a judge's endpoint.
struct JudgeCall {
  enum class Result { kAnswered, kUnparsed, kRejected, kFailed };
  Result result = Result::kFailed;
  /// pass, fail or skipped (unknown) when answered; an error otherwise,
  /// saying why ("judge endpoint: HTTP 503 after 3 attempts").
  metrics::JudgeAnswer answer;
  int retries = 0;
  std::string failure;  ///< for the log; empty when answered
};

/// Asks `spec`'s endpoint about `transcript`, retrying 429, 5xx and
/// connection errors up to spec.retries times: after the server's
/// Retry-After (or retry-after-ms) when it gives one, else after an
/// exponential backoff from 1 s with +-25% jitter; never more than a minute
/// at a time. A 4xx other than 429 is not retried. Never throws. The
/// daemon's judges, replay and `judge-calibrate` all ask this way.
boost::asio::awaitable<JudgeCall> AskJudge(const metrics::JudgeSpec& spec,
                                           const config::HttpUrl& url,
                                           const std::string& api_key,
                                           const std::string& transcript);

/// A judge metric asked synchronously, for the command-line tools (replay,
/// judge-calibrate): the metric's sampling (optional), cache, budget and
/// breaker, and a blocking AskJudge. Thread-safe: replay's workers share
/// one.
class BlockingJudge {
 public:
  /// Throws std::runtime_error when the metric is not a judge. `all`: the
  /// config's metrics, for its flagged_by (none: every event qualifies).
  BlockingJudge(const metrics::MicroMetric& metric, std::string api_key,
                const std::vector<metrics::MicroMetric>* all = nullptr);

  /// The judge's verdict on `event`, or why there is none: nullopt and
  /// `*why` = "not_flagged", "not_sampled", "budget" or "breaker_open".
  /// With `sample` false every event is asked (calibration). `failed`:
  /// which metrics failed the event, by index (for flagged_by).
  std::optional<metrics::Verdict> Judge(
      const metrics::Event& event, bool sample, std::string* why,
      const std::vector<char>* failed = nullptr);

  const metrics::JudgeSpec& spec() const { return spec_; }
  uint64_t asked() const { return asked_.load(); }
  uint64_t cached() const { return cached_.load(); }
  uint64_t tokens() const { return tokens_.load(); }
  double cost_usd() const;

 private:
  const metrics::JudgeSpec spec_;
  const std::string key_;
  const config::HttpUrl url_;
  std::vector<size_t> flagged_by_;
  metrics::JudgeSampler sampler_;
  metrics::JudgeBudget budget_;
  metrics::CircuitBreaker breaker_;
  metrics::JudgeCache cache_;
  std::atomic<uint64_t> asked_{0};
  std::atomic<uint64_t> cached_{0};
  std::atomic<uint64_t> tokens_{0};
  std::atomic<uint64_t> input_tokens_{0};
  std::atomic<uint64_t> output_tokens_{0};
};

/// The judge of a metric, or null.
const metrics::JudgeSpec* JudgeSpecOf(const metrics::MicroMetric& metric);

}  // namespace micrometrics::daemon
