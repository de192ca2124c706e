#include "daemon/otlp/evaluation_results.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <stdexcept>

#include "daemon/client/http_client.h"
#include "daemon/exposition/text_writer.h"
#include "metrics/micro_metric.h"

namespace micrometrics::daemon {
namespace {

std::vector<std::pair<std::string, std::string>> ReadHeaders(
    const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  if (path.empty()) return out;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read headers file " + path);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') continue;
    const size_t colon = line.find(':');
    if (colon == 0 || colon == std::string::npos) {
      throw std::runtime_error(path + ":" + std::to_string(n) +
                               ": expected 'Name: value'");
    }
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    out.emplace_back(line.substr(0, colon), value);
  }
  return out;
}

// Turns one worker's verdicts into records, handed over once per batch.
class EvaluationPart final : public metrics::VerdictSink {
 public:
  EvaluationPart(EvaluationResults& out,
                 const std::vector<metrics::MicroMetric>& metrics)
      : out_(out), metrics_(metrics) {}

  void Record(size_t metric, const metrics::Verdict& verdict, double,
              const metrics::EventContext& ctx) override {
    if (metric >= metrics_.size()) return;
    const std::string& name = metrics_[metric].name;
    const metrics::Event& e = *ctx.event;
    if (!out_.Wants(name, verdict.outcome, e)) return;
    EvaluationRecord r;
    r.metric = name;
    r.outcome = std::string(metrics::OutcomeName(verdict.outcome));
    r.value = verdict.value;
    r.reason = verdict.reason;
    r.trace_id = e.trace_id;
    r.span_id = e.span_id;
    r.response_id = e.response_id;
    r.event_id = e.id;
    r.time_unix_nano = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(
            ctx.now.time_since_epoch())
            .count());
    for (const char* field : {"model", "prompt_version", "route"}) {
      if (auto v = e.Field(field); v && !v->empty()) {
        r.labels.emplace_back(field, *v);
      }
    }
    pending_.push_back(std::move(r));
  }

  void Flush(std::chrono::system_clock::time_point) override {
    if (!pending_.empty()) out_.Add(std::move(pending_));
    pending_.clear();
  }

 private:
  EvaluationResults& out_;
  const std::vector<metrics::MicroMetric>& metrics_;
  std::vector<EvaluationRecord> pending_;
};

}  // namespace

EvaluationResults::EvaluationResults(
    const config::EvaluationResultsConfig& config)
    : config_(config),
      headers_(ReadHeaders(config.headers_file)),
      metrics_(config.metrics.begin(), config.metrics.end()) {
  std::string error;
  auto url = config::ParseHttpUrl(config.endpoint, &error);
  if (!url) throw std::runtime_error("otlp.evaluation_results: " + error);
  url_ = *url;
  thread_ = std::thread([this] { Run(); });
}

EvaluationResults::~EvaluationResults() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool EvaluationResults::Wants(const std::string& metric,
                              metrics::Outcome outcome,
                              const metrics::Event& event) const {
  if (!metrics_.empty() && !metrics_.contains(metric)) return false;
  const double rate = config_.sample[static_cast<size_t>(outcome)];
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  // By event id, so that every replica (and a replay) picks the same.
  if (event.id.empty()) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    return std::uniform_real_distribution<double>(0, 1)(random) < rate;
  }
  // Asked for every verdict: the salt is built in a buffer kept per thread.
  thread_local std::string salt;
  salt.assign("evaluation_results:").append(metric);
  return metrics::SampleUnit(salt, event.id) < rate;
}

void EvaluationResults::Add(std::vector<EvaluationRecord> records) {
  size_t dropped = 0;
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    // The sender waits for a first record, then for a full batch or
    // max_delay: wake it for those two only, not for every event (a
    // wake-up per event cost the daemon more than encoding and sending).
    const size_t before = queue_.size();
    for (auto& r : records) {
      if (queue_.size() >= config_.queue_capacity) {
        ++dropped;
        continue;
      }
      queue_.push_back(std::move(r));
    }
    queued_.store(queue_.size(), std::memory_order_relaxed);
    const size_t after = queue_.size();
    wake = (before == 0 && after > 0) ||
           (before < config_.max_batch && after >= config_.max_batch);
  }
  if (dropped) dropped_.fetch_add(dropped, std::memory_order_relaxed);
  if (wake) cv_.notify_one();
}

void EvaluationResults::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    // A batch is full, or its first record has waited max_delay.
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (!stop_ && queue_.size() < config_.max_batch) {
      cv_.wait_for(lock, config_.max_delay,
                   [&] { return stop_ || queue_.size() >= config_.max_batch; });
    }
    if (queue_.empty() && stop_) return;
    std::vector<EvaluationRecord> batch;
    const size_t n = std::min(queue_.size(), config_.max_batch);
    batch.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    queued_.store(queue_.size(), std::memory_order_relaxed);
    lock.unlock();
    Send(std::move(batch));
    lock.lock();
  }
}

void EvaluationResults::Send(std::vector<EvaluationRecord> batch) {
  HttpCall call;
  call.method = boost::beast::http::verb::post;
  call.target = url_.target;
  call.content_type =
      config_.json ? "application/json" : "application/x-protobuf";
  call.body =
      EncodeEvaluationResults(batch, config_.service_name, config_.json);
  call.timeout = config_.timeout;
  call.headers = headers_;
  const auto deadline =
      std::chrono::steady_clock::now() + config_.give_up_after;
  std::chrono::milliseconds backoff{200};
  for (int attempt = 1;; ++attempt) {
    const HttpReply r = FetchBlocking(url_, call);
    if (r.status >= 200 && r.status < 300) {
      sent_.fetch_add(batch.size(), std::memory_order_relaxed);
      return;
    }
    const bool retry = r.status == 0 || r.status == 429 || r.status >= 500;
    auto wait = std::min(r.retry_after.value_or(backoff),
                         std::chrono::milliseconds(30000));
    bool stopping = false;
    {
      std::unique_lock lock(mu_);
      stopping = stop_;
    }
    if (!retry || stopping ||
        std::chrono::steady_clock::now() + wait > deadline) {
      failed_.fetch_add(batch.size(), std::memory_order_relaxed);
      spdlog::warn(
          "otlp.evaluation_results: {} records not delivered to {} after {} "
          "attempts: {}",
          batch.size(), config_.endpoint, attempt,
          r.status ? "HTTP " + std::to_string(r.status) : r.error);
      return;
    }
    {
      // Wakes early only to stop.
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, wait, [&] { return stop_; });
    }
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

void EvaluationResults::Collect(TextWriter& out) const {
  out.Family(series::kEvaluationResults);
  const std::pair<const char*, uint64_t> results[] = {
      {"dropped", dropped_.load(std::memory_order_relaxed)},
      {"failed", failed_.load(std::memory_order_relaxed)},
      {"sent", sent_.load(std::memory_order_relaxed)}};
  for (const auto& [result, n] : results) {
    const Label label[] = {{"result", result}};
    out.Sample(series::kEvaluationResults.name, label, {}, n);
  }
  WriteSingle(out, series::kEvaluationResultsQueued,
              static_cast<double>(queued_.load(std::memory_order_relaxed)));
}

std::unique_ptr<metrics::VerdictSink> EvaluationResults::MakePart(
    const std::vector<metrics::MicroMetric>& metrics) {
  return std::make_unique<EvaluationPart>(*this, metrics);
}

}  // namespace micrometrics::daemon
