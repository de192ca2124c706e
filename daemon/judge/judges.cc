#include "daemon/judge/judges.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/http_url.h"
#include "daemon/exposition/text_writer.h"
#include "daemon/judge/judge_call.h"
#include "metrics/judge/judge_limits.h"
#include "metrics/text/text.h"

namespace micrometrics::daemon {
namespace {

namespace net = boost::asio;
using Clock = std::chrono::system_clock;
using metrics::JudgeSpec;
using metrics::Verdict;

constexpr size_t kDurationBounds = 10;
constexpr std::array<double, kDurationBounds> kDurationSeconds = {
    0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60};
// Of the reply, kept with a queued event for its failing example.
constexpr size_t kKeptReplyChars = 2000;

// The event without what the recording does not need: the conversation,
// and the reply past what a failing example shows.
metrics::Event Slim(const metrics::Event& event) {
  metrics::Event slim = event;
  slim.input.reset();
  slim.messages.clear();
  if (slim.output) {
    slim.output->resize(
        metrics::Utf8PrefixBytes(*slim.output, kKeptReplyChars));
  }
  return slim;
}

enum Decision {
  kSampled,
  kStratumMinimum,
  kNotSampled,
  kNotFlagged,
  kCached,
  kNoReply,
  kDecisions
};
constexpr const char* kDecisionNames[] = {"sampled",     "stratum_minimum",
                                          "not_sampled", "not_flagged",
                                          "cached",      "no_reply"};
enum Drop { kQueueFull, kBudget, kBreakerOpen, kShutdown, kDrops };
constexpr const char* kDropNames[] = {"queue_full", "budget", "breaker_open",
                                      "shutdown"};
enum Result { kAnswered, kUnparsed, kRejected, kFailed, kRetried, kResults };
constexpr const char* kResultNames[] = {"answered", "unparsed", "rejected",
                                        "failed", "retried"};

}  // namespace

/// One judge metric: its sampler, queue, calls, budget, breaker and cache.
class JudgeRunner : public std::enable_shared_from_this<JudgeRunner> {
 public:
  using Deliver = std::function<void(LateVerdict)>;

  JudgeRunner(net::io_context& ioc, const metrics::MicroMetric& metric,
              const JudgeSpec& spec, std::string key, Deliver deliver)
      : ioc_(ioc),
        name_(metric.name),
        definition_(metric.definition),
        spec_(spec),
        key_(std::move(key)),
        url_(*config::ParseHttpUrl(spec.url, nullptr)),
        deliver_(std::move(deliver)),
        sampler_(metric.name, spec),
        budget_(spec),
        breaker_(spec.breaker_failures, spec.breaker_cooldown),
        cache_(spec.cache_entries) {}

  const std::string& definition() const { return definition_; }
  const std::string& key() const { return key_; }

  /// The indices of the flagged_by metrics in the running config (set at
  /// every Configure, under the gate's writer).
  void set_flagged_by(std::vector<size_t> indices) {
    flagged_by_ = std::move(indices);
  }

  void Offer(const metrics::Event& event, Clock::time_point now,
             const std::vector<char>* failed) {
    if (!flagged_by_.empty()) {
      const bool flagged =
          failed &&
          std::any_of(flagged_by_.begin(), flagged_by_.end(), [&](size_t i) {
            return i < failed->size() && (*failed)[i];
          });
      if (!flagged) {
        Count(decisions_[kNotFlagged]);
        return;
      }
    }
    using D = metrics::JudgeSampler::Decision;
    const D decision = sampler_.Decide(event, now);
    if (decision == D::kNotSampled) {
      Count(decisions_[kNotSampled]);
      return;
    }
    Count(decisions_[decision == D::kSampled ? kSampled : kStratumMinimum]);
    WarnOnSameFamily(event.model);
    std::string transcript = metrics::JudgeTranscript(spec_, event);
    if (transcript.empty()) {
      Count(decisions_[kNoReply]);
      Send(event, Verdict::Skipped("no reply"), 0, now);
      return;
    }
    std::string cache_key = metrics::JudgeCacheKey(spec_, transcript);
    if (auto known = cache_.Find(cache_key)) {
      Count(decisions_[kCached]);
      Send(event, *known, 0, now);
      return;
    }
    if (breaker_.state(now) == metrics::CircuitBreaker::State::kOpen) {
      Count(dropped_[kBreakerOpen]);
      return;
    }
    if (!budget_.Allows(now)) {
      Count(dropped_[kBudget]);
      return;
    }
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      if (queue_.size() >= spec_.queue_capacity) {
        Count(dropped_[kQueueFull]);
        return;
      }
      queue_.push_back({Slim(event), std::move(transcript),
                        std::move(cache_key),
                        std::chrono::steady_clock::now()});
      Dispatch();
    }
  }

  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    dropped_[kShutdown].fetch_add(queue_.size(), std::memory_order_relaxed);
    queue_.clear();
  }

  void Collect(TextWriter& out, const series::Name& family) const {
    const Label metric[] = {{"metric", name_}};
    auto each = [&](const char* label, const auto& names, const auto& counts) {
      for (size_t i = 0; i < std::size(names); ++i) {
        const Label l[] = {{label, names[i]}};
        out.Sample(family.name, metric, l,
                   counts[i].load(std::memory_order_relaxed));
      }
    };
    const Clock::time_point now = Clock::now();
    if (&family == &series::kJudgeEvents) {
      each("decision", kDecisionNames, decisions_);
    } else if (&family == &series::kJudgeDropped) {
      each("reason", kDropNames, dropped_);
    } else if (&family == &series::kJudgeRequests) {
      each("result", kResultNames, results_);
    } else if (&family == &series::kJudgeRequestDuration) {
      WriteHistogram(out, family.str(), metric, {}, kDurationSeconds,
                     duration_);
    } else if (&family == &series::kJudgeTokens) {
      const char* types[] = {"input", "output"};
      each("type", types, tokens_);
    } else if (&family == &series::kJudgeCost) {
      out.Sample(family.name, metric, {},
                 cost_usd_.load(std::memory_order_relaxed));
    } else if (&family == &series::kJudgeQueueDepth) {
      std::lock_guard lock(mu_);
      out.Sample(family.name, metric, {}, uint64_t{queue_.size()});
    } else if (&family == &series::kJudgeInFlight) {
      std::lock_guard lock(mu_);
      out.Sample(family.name, metric, {}, uint64_t{in_flight_});
    } else if (&family == &series::kJudgeCacheEntries) {
      out.Sample(family.name, metric, {}, uint64_t{cache_.size()});
    } else if (&family == &series::kJudgeBreakerState) {
      out.Sample(family.name, metric, {},
                 static_cast<uint64_t>(breaker_.state(now)));
    }
  }

 private:
  struct Item {
    metrics::Event event;
    std::string transcript;
    std::string cache_key;
    std::chrono::steady_clock::time_point since;
  };

  static void Count(std::atomic<uint64_t>& c) {
    c.fetch_add(1, std::memory_order_relaxed);
  }

  void Send(const metrics::Event& event, Verdict verdict, double seconds,
            Clock::time_point now) {
    deliver_(
        {name_, definition_, Slim(event), std::move(verdict), seconds, now});
  }

  void WarnOnSameFamily(const std::string& model) {
    if (warned_family_.load(std::memory_order_relaxed)) return;
    const std::string judged = metrics::ModelFamily(model);
    if (judged.empty() || judged != metrics::ModelFamily(spec_.model)) return;
    if (warned_family_.exchange(true)) return;
    spdlog::warn(
        "judge {}: the judge model {} is of the {} family, like the judged "
        "model {}; a judge tends to favour its own family's replies "
        "(docs/METRICS.md \"judge\")",
        name_, spec_.model, judged, model);
  }

  // Under mu_: starts calls while there is room.
  void Dispatch() {
    while (!stopped_ && in_flight_ < spec_.concurrency && !queue_.empty()) {
      Item item = std::move(queue_.front());
      queue_.pop_front();
      const Clock::time_point now = Clock::now();
      if (!budget_.Allows(now)) {
        Count(dropped_[kBudget]);
        continue;
      }
      if (!breaker_.Allow(now)) {
        Count(dropped_[kBreakerOpen]);
        continue;
      }
      ++in_flight_;
      // A strand per call: the daemon's io_context runs on several threads,
      // and a stream's handlers must not run at once (see Fetch).
      net::co_spawn(net::make_strand(ioc_),
                    Call(shared_from_this(), std::move(item)), net::detached);
    }
  }

  static net::awaitable<void> Call(std::shared_ptr<JudgeRunner> self,
                                   Item item) {
    const JudgeCall call =
        co_await AskJudge(self->spec_, self->url_, self->key_, item.transcript);
    const Verdict verdict = self->Account(call, item);
    const double seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - item.since)
                               .count();
    self->duration_.Observe(kDurationSeconds, seconds);
    std::lock_guard lock(self->mu_);
    --self->in_flight_;
    if (!self->stopped_) {
      self->deliver_({self->name_, self->definition_, std::move(item.event),
                      verdict, seconds, Clock::now()});
    }
    self->Dispatch();
  }

  // Counts what a call cost and said; the verdict to record.
  metrics::Verdict Account(const JudgeCall& call, const Item& item) {
    const Clock::time_point now = Clock::now();
    const metrics::JudgeAnswer& a = call.answer;
    tokens_[0].fetch_add(static_cast<uint64_t>(a.input_tokens),
                         std::memory_order_relaxed);
    tokens_[1].fetch_add(static_cast<uint64_t>(a.output_tokens),
                         std::memory_order_relaxed);
    cost_usd_.fetch_add(budget_.Usd(a.input_tokens, a.output_tokens),
                        std::memory_order_relaxed);
    budget_.Spend(a.input_tokens, a.output_tokens, now);
    results_[kRetried].fetch_add(static_cast<uint64_t>(call.retries),
                                 std::memory_order_relaxed);
    switch (call.result) {
      case JudgeCall::Result::kAnswered:
        Count(results_[kAnswered]);
        breaker_.Succeeded();
        cache_.Put(item.cache_key, a.verdict);
        return a.verdict;
      case JudgeCall::Result::kUnparsed:
        // A model that does not keep to the format costs money too.
        Count(results_[kUnparsed]);
        break;
      case JudgeCall::Result::kRejected:
        Count(results_[kRejected]);
        break;
      case JudgeCall::Result::kFailed:
        Count(results_[kFailed]);
        break;
    }
    breaker_.Failed(now);
    LogFailure(call.failure);
    return a.verdict;
  }

  // Logged at 1, 10, 100, ... failures: a dead endpoint does not flood.
  void LogFailure(const std::string& what) {
    const uint64_t n = failures_.fetch_add(1, std::memory_order_relaxed) + 1;
    uint64_t mark = 1;
    while (mark * 10 <= n) mark *= 10;
    if (n == mark) {
      spdlog::warn("judge {}: call to {} failed: {} ({} failed so far)", name_,
                   spec_.url, what, n);
    }
  }

  net::io_context& ioc_;
  const std::string name_;
  const std::string definition_;
  const JudgeSpec spec_;
  const std::string key_;
  const config::HttpUrl url_;
  const Deliver deliver_;
  std::vector<size_t> flagged_by_;
  metrics::JudgeSampler sampler_;
  metrics::JudgeBudget budget_;
  metrics::CircuitBreaker breaker_;
  metrics::JudgeCache cache_;
  mutable std::mutex mu_;
  std::deque<Item> queue_;
  size_t in_flight_ = 0;
  bool stopped_ = false;
  std::atomic<bool> warned_family_{false};
  std::atomic<uint64_t> failures_{0};
  std::array<std::atomic<uint64_t>, kDecisions> decisions_{};
  std::array<std::atomic<uint64_t>, kDrops> dropped_{};
  std::array<std::atomic<uint64_t>, kResults> results_{};
  std::array<std::atomic<uint64_t>, 2> tokens_{};
  std::atomic<double> cost_usd_{0};
  AtomicHistogram<kDurationBounds> duration_;
};

Judges::Judges(net::io_context& ioc, Recorder record)
    : ioc_(ioc),
      record_(std::move(record)),
      recorder_([this] { RecordLoop(); }) {}

Judges::~Judges() {
  Stop();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  recorder_.join();
}

Judges::Keys Judges::ReadKeys(
    const std::vector<metrics::MicroMetric>& metrics) {
  Keys keys;
  for (const auto& m : metrics) {
    const metrics::JudgeSpec* judge = JudgeSpecOf(m);
    if (!judge || judge->api_key_file.empty()) continue;
    const std::string& path = judge->api_key_file;
    std::ifstream in(path);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
      throw std::runtime_error("metric " + m.name + ": api_key_file " + path +
                               ": " + std::strerror(errno));
    }
    std::string key = text.str();
    while (!key.empty() &&
           std::isspace(static_cast<unsigned char>(key.back()))) {
      key.pop_back();
    }
    if (key.empty()) {
      throw std::runtime_error("metric " + m.name + ": api_key_file " + path +
                               " is empty");
    }
    keys[m.name] = std::move(key);
  }
  return keys;
}

void Judges::Configure(const std::vector<metrics::MicroMetric>& metrics,
                       const Keys& keys) {
  std::vector<std::shared_ptr<JudgeRunner>> next(metrics.size());
  std::map<std::string, std::shared_ptr<JudgeRunner>> running;
  {
    std::lock_guard lock(runners_mu_);
    for (const auto& r : runners_) {
      if (r) running.emplace(r->definition(), r);
    }
  }
  for (size_t i = 0; i < metrics.size(); ++i) {
    const metrics::JudgeSpec* judge = JudgeSpecOf(metrics[i]);
    if (!judge) continue;
    auto key_it = keys.find(metrics[i].name);
    const std::string key = key_it == keys.end() ? "" : key_it->second;
    auto it = running.find(metrics[i].definition);
    if (it != running.end() && it->second->key() == key) {
      next[i] = it->second;
      running.erase(it);
    } else {
      next[i] = std::make_shared<JudgeRunner>(
          ioc_, metrics[i], *judge, key,
          [this](LateVerdict v) { Deliver(std::move(v)); });
    }
    std::vector<size_t> flagged_by;
    for (const std::string& name : judge->flagged_by) {
      for (size_t k = 0; k < metrics.size(); ++k) {
        if (metrics[k].name == name) flagged_by.push_back(k);
      }
    }
    next[i]->set_flagged_by(std::move(flagged_by));
  }
  for (auto& [definition, runner] : running) runner->Stop();  // removed
  std::lock_guard lock(runners_mu_);
  runners_ = std::move(next);
}

void Judges::Offer(size_t metric, const metrics::Event& event,
                   Clock::time_point now, const std::vector<char>* failed) {
  if (metric < runners_.size() && runners_[metric]) {
    runners_[metric]->Offer(event, now, failed);
  }
}

void Judges::Stop() {
  std::lock_guard lock(runners_mu_);
  for (const auto& r : runners_) {
    if (r) r->Stop();
  }
}

void Judges::Deliver(LateVerdict verdict) {
  {
    std::lock_guard lock(mu_);
    if (waiting_.size() >= kMaxWaiting) {
      if (lost_++ % 1000 == 0) {
        spdlog::warn("judges: {} verdicts lost: the recorder is behind", lost_);
      }
      return;
    }
    waiting_.push_back(std::move(verdict));
  }
  cv_.notify_one();
}

void Judges::RecordLoop() {
  std::vector<LateVerdict> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, all recorded
      while (!waiting_.empty() && batch.size() < 256) {
        batch.push_back(std::move(waiting_.front()));
        waiting_.pop_front();
      }
    }
    record_(batch);
    batch.clear();
  }
}

void Judges::Collect(TextWriter& out) const {
  std::lock_guard lock(runners_mu_);
  for (const series::Name* family :
       {&series::kJudgeEvents, &series::kJudgeDropped, &series::kJudgeRequests,
        &series::kJudgeRequestDuration, &series::kJudgeTokens,
        &series::kJudgeCost, &series::kJudgeQueueDepth, &series::kJudgeInFlight,
        &series::kJudgeCacheEntries, &series::kJudgeBreakerState}) {
    out.Family(*family);
    for (const auto& r : runners_) {
      if (r) r->Collect(out, *family);
    }
  }
}

}  // namespace micrometrics::daemon
