#include "metrics/judge/judge_limits.h"

#include "metrics/micro_metric.h"

namespace micrometrics::metrics {
namespace {

int64_t HourOf(JudgeClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::hours>(t.time_since_epoch())
      .count();
}

}  // namespace

JudgeSampler::JudgeSampler(std::string metric, const JudgeSpec& spec)
    : metric_(std::move(metric)), spec_(spec) {}

JudgeSampler::Decision JudgeSampler::Decide(const Event& event,
                                            JudgeClock::time_point now) {
  const std::string& key =
      spec_.by_conversation && !event.conversation_id.empty()
          ? event.conversation_id
          : event.id;
  const bool by_rate =
      spec_.rate >= 1.0 ||
      (spec_.rate > 0 && SampleUnit(metric_, key) < spec_.rate);
  if (spec_.min_per_stratum == 0) {
    return by_rate ? Decision::kSampled : Decision::kNotSampled;
  }
  const std::string stratum = event.Field(spec_.stratum).value_or("");
  std::lock_guard lock(mu_);
  if (const int64_t hour = HourOf(now); hour != hour_) {
    hour_ = hour;
    sampled_.clear();
  }
  auto it = sampled_.find(stratum);
  if (it == sampled_.end()) {
    if (sampled_.size() >= kMaxStrata) {
      return by_rate ? Decision::kSampled : Decision::kNotSampled;
    }
    it = sampled_.emplace(stratum, 0).first;
  }
  if (by_rate) {
    ++it->second;
    return Decision::kSampled;
  }
  if (it->second < spec_.min_per_stratum) {
    ++it->second;
    return Decision::kStratumMinimum;
  }
  return Decision::kNotSampled;
}

JudgeBudget::JudgeBudget(const JudgeSpec& spec) : spec_(spec) {}

void JudgeBudget::Roll(JudgeClock::time_point now) {
  const int64_t hour = HourOf(now);
  if (hour != hour_) {
    hour_ = hour;
    hour_tokens_ = 0;
    hour_usd_ = 0;
  }
  if (const int64_t day = hour / 24; day != day_) {
    day_ = day;
    day_tokens_ = 0;
    day_usd_ = 0;
  }
}

bool JudgeBudget::Allows(JudgeClock::time_point now) {
  std::lock_guard lock(mu_);
  Roll(now);
  auto under = [](auto spent, auto limit) {
    return limit == 0 || spent < limit;
  };
  return under(hour_tokens_, spec_.tokens_per_hour) &&
         under(day_tokens_, spec_.tokens_per_day) &&
         under(hour_usd_, spec_.usd_per_hour) &&
         under(day_usd_, spec_.usd_per_day);
}

double JudgeBudget::Usd(int64_t input_tokens, int64_t output_tokens) const {
  if (!spec_.price) return 0;
  return (static_cast<double>(input_tokens) * spec_.price->input +
          static_cast<double>(output_tokens) * spec_.price->output) /
         1e6;
}

void JudgeBudget::Spend(int64_t input_tokens, int64_t output_tokens,
                        JudgeClock::time_point now) {
  const auto tokens = static_cast<uint64_t>(
      std::max<int64_t>(0, input_tokens) + std::max<int64_t>(0, output_tokens));
  const double usd = Usd(input_tokens, output_tokens);
  std::lock_guard lock(mu_);
  Roll(now);
  hour_tokens_ += tokens;
  day_tokens_ += tokens;
  hour_usd_ += usd;
  day_usd_ += usd;
}

CircuitBreaker::CircuitBreaker(int failures, std::chrono::milliseconds cooldown)
    : failures_(failures), cooldown_(cooldown) {}

bool CircuitBreaker::Allow(JudgeClock::time_point now) {
  std::lock_guard lock(mu_);
  if (!open_) return true;
  if (now - opened_at_ < cooldown_ || trial_out_) return false;
  trial_out_ = true;  // the one trial call of the half-open state
  return true;
}

void CircuitBreaker::Succeeded() {
  std::lock_guard lock(mu_);
  in_a_row_ = 0;
  open_ = false;
  trial_out_ = false;
}

void CircuitBreaker::Failed(JudgeClock::time_point now) {
  std::lock_guard lock(mu_);
  ++in_a_row_;
  if (trial_out_ || in_a_row_ >= failures_) {
    open_ = true;
    trial_out_ = false;
    opened_at_ = now;
  }
}

CircuitBreaker::State CircuitBreaker::state(JudgeClock::time_point now) const {
  std::lock_guard lock(mu_);
  if (!open_) return State::kClosed;
  return trial_out_ || now - opened_at_ >= cooldown_ ? State::kHalfOpen
                                                     : State::kOpen;
}

std::optional<Verdict> JudgeCache::Find(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void JudgeCache::Put(const std::string& key, const Verdict& verdict) {
  if (capacity_ == 0 || verdict.outcome == Outcome::kError) return;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    it->second->second = verdict;
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.emplace_front(key, verdict);
  index_[key] = lru_.begin();
  if (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

size_t JudgeCache::size() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace micrometrics::metrics
