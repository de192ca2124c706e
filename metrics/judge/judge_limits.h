#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "metrics/event.h"
#include "metrics/judge/judge.h"
#include "metrics/verdict.h"

// What keeps a judge cheap and bounded: which events it looks at, what it
// may spend, when it stops calling a failing endpoint, and what it already
// knows. Each is thread-safe (one mutex) and takes the time from its caller.
namespace micrometrics::metrics {

using JudgeClock = std::chrono::system_clock;

/// Which events a judge looks at: a deterministic share (`rate`) by a hash
/// of the metric name and the event id (or conversation id), so that every
/// replica and replay pick the same events; and, with a stratum, every
/// event of a stratum (a prompt version) that has had fewer than
/// `min_per_stratum` sampled this hour, so that a new prompt version is
/// judged soon enough for the regression alert. At most 10,000 strata an
/// hour get the minimum; later ones only the rate.
class JudgeSampler {
 public:
  JudgeSampler(std::string metric, const JudgeSpec& spec);

  enum class Decision { kSampled, kStratumMinimum, kNotSampled };
  Decision Decide(const Event& event, JudgeClock::time_point now);

 private:
  static constexpr size_t kMaxStrata = 10000;
  const std::string metric_;
  const JudgeSpec spec_;
  std::mutex mu_;
  int64_t hour_ = -1;
  std::unordered_map<std::string, uint64_t> sampled_;  // by stratum, this hour
};

/// Token and USD limits per clock hour and per UTC day. A call is allowed
/// while what was spent is under every limit, so the last calls of an hour
/// may pass it by at most concurrency x (prompt + max_tokens).
class JudgeBudget {
 public:
  explicit JudgeBudget(const JudgeSpec& spec);

  /// False when a limit of this hour or day is spent.
  bool Allows(JudgeClock::time_point now);
  /// Counts a call's tokens (and their price).
  void Spend(int64_t input_tokens, int64_t output_tokens,
             JudgeClock::time_point now);
  /// USD of these tokens at the judge model's price; 0 without a price.
  double Usd(int64_t input_tokens, int64_t output_tokens) const;

 private:
  void Roll(JudgeClock::time_point now);

  const JudgeSpec spec_;
  std::mutex mu_;
  int64_t hour_ = -1;
  int64_t day_ = -1;
  uint64_t hour_tokens_ = 0;
  uint64_t day_tokens_ = 0;
  double hour_usd_ = 0;
  double day_usd_ = 0;
};

/// Opens after `failures` failed calls in a row: no calls while open. After
/// `cooldown` one trial call goes through (half-open); its success closes
/// the breaker, its failure opens it for another cooldown.
class CircuitBreaker {
 public:
  enum class State { kClosed = 0, kOpen = 1, kHalfOpen = 2 };

  CircuitBreaker(int failures, std::chrono::milliseconds cooldown);

  /// True when a call may be made now (the trial call in half-open).
  bool Allow(JudgeClock::time_point now);
  void Succeeded();
  void Failed(JudgeClock::time_point now);
  State state(JudgeClock::time_point now) const;

 private:
  const int failures_;
  const std::chrono::milliseconds cooldown_;
  mutable std::mutex mu_;
  int in_a_row_ = 0;
  bool open_ = false;
  bool trial_out_ = false;
  JudgeClock::time_point opened_at_{};
};

/// The answers already given, by JudgeCacheKey: at most `capacity`, the
/// least recently used dropped first. Only pass, fail and unknown are kept
/// (an error is asked again).
class JudgeCache {
 public:
  explicit JudgeCache(size_t capacity) : capacity_(capacity) {}

  std::optional<Verdict> Find(const std::string& key);
  void Put(const std::string& key, const Verdict& verdict);
  size_t size() const;

 private:
  using Entry = std::pair<std::string, Verdict>;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace micrometrics::metrics
