#include "daemon/judge/judge_call.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <random>
#include <stdexcept>

#include "daemon/client/http_client.h"
#include "metrics/evaluators/judge.h"

namespace micrometrics::daemon {
namespace {

namespace net = boost::asio;
using Clock = std::chrono::system_clock;

}  // namespace

const metrics::JudgeSpec* JudgeSpecOf(const metrics::MicroMetric& metric) {
  const auto* judge =
      dynamic_cast<const metrics::JudgeEvaluator*>(metric.evaluator.get());
  return judge ? &judge->spec() : nullptr;
}

net::awaitable<JudgeCall> AskJudge(const metrics::JudgeSpec& spec,
                                   const config::HttpUrl& url,
                                   const std::string& api_key,
                                   const std::string& transcript) {
  HttpCall call;
  call.method = boost::beast::http::verb::post;
  call.target = url.target;
  call.content_type = "application/json";
  call.body = metrics::JudgeRequestBody(spec, transcript);
  if (!api_key.empty()) {
    if (spec.api_key_header == "api-key") {
      call.headers.emplace_back("api-key", api_key);  // Azure OpenAI
    } else {
      call.authorization = "Bearer " + api_key;
    }
  }
  call.ca_file = spec.ca_file;
  call.timeout = spec.timeout;
  call.max_body_bytes = 1024 * 1024;
  std::mt19937 rng{std::random_device{}()};
  auto backoff = std::chrono::milliseconds(1000);
  JudgeCall out;
  for (int attempt = 1;; ++attempt) {
    const HttpReply reply = co_await Fetch(url, call);
    if (reply.status >= 200 && reply.status < 300) {
      out.answer = metrics::ParseJudgeReply(reply.body);
      if (out.answer.verdict.outcome == metrics::Outcome::kError) {
        out.result = JudgeCall::Result::kUnparsed;
        out.failure = out.answer.verdict.reason;
      } else {
        out.result = JudgeCall::Result::kAnswered;
      }
      co_return out;
    }
    const std::string reason = reply.error.empty()
                                   ? "HTTP " + std::to_string(reply.status)
                                   : reply.error;
    const bool retryable =
        !reply.error.empty() || reply.status == 429 || reply.status >= 500;
    if (!retryable) {
      out.result = JudgeCall::Result::kRejected;
      out.failure = reason + " (not retried)";
      out.answer.verdict =
          metrics::Verdict::Error("judge endpoint answered " + reason);
      co_return out;
    }
    if (attempt > spec.retries) {
      out.result = JudgeCall::Result::kFailed;
      const std::string what =
          reason + " after " + std::to_string(attempt) + " attempts";
      out.failure = what;
      out.answer.verdict = metrics::Verdict::Error("judge endpoint: " + what);
      co_return out;
    }
    ++out.retries;
    // The server's word first (429 Retry-After), else exponential backoff
    // with jitter; at most a minute either way.
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    auto delay = reply.retry_after
                     ? *reply.retry_after
                     : std::chrono::milliseconds(static_cast<int64_t>(
                           static_cast<double>(backoff.count()) * jitter(rng)));
    delay = std::min(delay, std::chrono::milliseconds(60000));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
    spdlog::debug("judge: attempt {} failed: {}; retrying in {}ms", attempt,
                  reason, delay.count());
    net::steady_timer timer(co_await net::this_coro::executor);
    timer.expires_after(delay);
    boost::system::error_code ec;
    co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
}

BlockingJudge::BlockingJudge(const metrics::MicroMetric& metric,
                             std::string api_key,
                             const std::vector<metrics::MicroMetric>* all)
    : spec_([&] {
        const metrics::JudgeSpec* spec = JudgeSpecOf(metric);
        if (!spec) throw std::runtime_error(metric.name + " is not a judge");
        return *spec;
      }()),
      key_(std::move(api_key)),
      url_(*config::ParseHttpUrl(spec_.url, nullptr)),
      sampler_(metric.name, spec_),
      budget_(spec_),
      breaker_(spec_.breaker_failures, spec_.breaker_cooldown),
      cache_(spec_.cache_entries) {
  for (const std::string& name : spec_.flagged_by) {
    for (size_t i = 0; all && i < all->size(); ++i) {
      if ((*all)[i].name == name) flagged_by_.push_back(i);
    }
  }
}

std::optional<metrics::Verdict> BlockingJudge::Judge(
    const metrics::Event& event, bool sample, std::string* why,
    const std::vector<char>* failed) {
  const Clock::time_point now = Clock::now();
  if (!flagged_by_.empty() &&
      std::none_of(flagged_by_.begin(), flagged_by_.end(), [&](size_t i) {
        return failed && i < failed->size() && (*failed)[i];
      })) {
    *why = "not_flagged";
    return std::nullopt;
  }
  if (sample && sampler_.Decide(event, now) ==
                    metrics::JudgeSampler::Decision::kNotSampled) {
    *why = "not_sampled";
    return std::nullopt;
  }
  const std::string transcript = metrics::JudgeTranscript(spec_, event);
  if (transcript.empty()) return metrics::Verdict::Skipped("no reply");
  const std::string key = metrics::JudgeCacheKey(spec_, transcript);
  if (auto known = cache_.Find(key)) {
    ++cached_;
    return known;
  }
  if (!budget_.Allows(now)) {
    *why = "budget";
    return std::nullopt;
  }
  if (!breaker_.Allow(now)) {
    *why = "breaker_open";
    return std::nullopt;
  }
  net::io_context ioc;
  JudgeCall call;
  net::co_spawn(ioc, AskJudge(spec_, url_, key_, transcript),
                [&](std::exception_ptr e, JudgeCall c) {
                  if (e) {
                    call.answer.verdict =
                        metrics::Verdict::Error("judge call failed");
                  } else {
                    call = std::move(c);
                  }
                });
  ioc.run();
  ++asked_;
  const auto& a = call.answer;
  input_tokens_ += static_cast<uint64_t>(a.input_tokens);
  output_tokens_ += static_cast<uint64_t>(a.output_tokens);
  tokens_ += static_cast<uint64_t>(a.input_tokens + a.output_tokens);
  budget_.Spend(a.input_tokens, a.output_tokens, Clock::now());
  if (call.result == JudgeCall::Result::kAnswered) {
    breaker_.Succeeded();
    cache_.Put(key, a.verdict);
  } else {
    breaker_.Failed(Clock::now());
  }
  return a.verdict;
}

double BlockingJudge::cost_usd() const {
  return budget_.Usd(static_cast<int64_t>(input_tokens_.load()),
                     static_cast<int64_t>(output_tokens_.load()));
}

}  // namespace micrometrics::daemon
