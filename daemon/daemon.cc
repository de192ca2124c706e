#include "daemon/daemon.h"

#include <malloc.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <thread>

#include "daemon/pipeline_parts.h"
#include "metrics/pipeline.h"

#ifndef MICROMETRICS_VERSION
#define MICROMETRICS_VERSION "dev"
#endif

namespace micrometrics::daemon {
namespace {

const char* SignalName(int signo) {
  switch (signo) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return "a signal";
  }
}

metrics::EvaluatorRegistry BuiltinRegistry() {
  metrics::EvaluatorRegistry registry;
  metrics::RegisterBuiltinEvaluators(registry);
  return registry;
}

void WarnDeprecated(const std::vector<metrics::MicroMetric>& metrics) {
  for (const auto& m : metrics) {
    if (m.stage != metrics::Stage::kDeprecated) continue;
    spdlog::warn("metric {} is deprecated{}{}", m.name,
                 m.owner.empty() ? "" : " (owner " + m.owner + ")",
                 m.review_by.empty() ? "" : ", review by " + m.review_by);
  }
}

std::string List(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out.empty() ? "-" : out;
}

}  // namespace

ReloadSeries::ReloadSeries()
    : last_success_(std::chrono::duration<double>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count()) {}

void ReloadSeries::Count(bool ok) {
  last_ok_ = ok;
  if (ok) {
    last_success_ = std::chrono::duration<double>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    ++successes_;
  } else {
    ++failures_;
  }
}

void ReloadSeries::Collect(TextWriter& out) const {
  WriteSingle(out, series::kConfigLastReloadSuccessful, last_ok_ ? 1 : 0);
  WriteSingle(out, series::kConfigLastReloadSuccessTimestamp, last_success_);
  out.Family(series::kConfigReloads);
  const Label failure[] = {{"result", "failure"}};
  out.Sample(series::kConfigReloads.name, failure, {}, failures_.load());
  const Label success[] = {{"result", "success"}};
  out.Sample(series::kConfigReloads.name, success, {}, successes_.load());
}

Daemon::Daemon(config::Config config,
               std::function<void(config::Config&)> flags)
    : registry_(BuiltinRegistry()),
      flags_(std::move(flags)),
      config_(std::move(config)),
      labels_(config_.labels, config_.label_max_values),
      series_(config_, labels_),
      book_(config_.metrics, config_.examples, labels_.names()),
      budget_(config_.server.memory_budget / 2),
      queue_(config_.pipeline.queue_capacity, config_.pipeline.queue_max_bytes,
             &budget_),
      ioc_(config_.server.threads),
      alerts_(config_, ioc_, state_.gate, config_.alerting.external_url,
              &book_),
      feedback_(config_.feedback, labels_.names()),
      calibration_(config_.feedback, labels_.names()),
      evaluation_results_(config_.otlp.evaluation_results.endpoint.empty()
                              ? nullptr
                              : std::make_unique<EvaluationResults>(
                                    config_.otlp.evaluation_results)),
      judges_(ioc_, MakeJudgeRecorder()),
      api_(config_, queue_, series_, exposition_, state_, &alerts_, &feedback_,
           &book_, &judges_, &calibration_),
      workers_(queue_, config_.pipeline.workers,
               [this] { return MakeWorker(); }) {
  api_.set_reload([this] { return Reload(); });
  // Each owner exposes its own series; the scrape asks them in this order.
  for (const Collectable* part : std::initializer_list<const Collectable*>{
           &series_, &queue_, &workers_, &api_, &listeners_, &feedback_, &book_,
           &judges_, &calibration_, &alerts_, &reloads_, &process_}) {
    exposition_.Register(*part);
  }
  if (evaluation_results_) exposition_.Register(*evaluation_results_);
  // A key that cannot be read stops the start (the reload keeps the old).
  judges_.Configure(config_.metrics, Judges::ReadKeys(config_.metrics));
  WarnDeprecated(config_.metrics);
}

WorkerPool::BatchHandler Daemon::MakeWorker() {
  // Each worker records through its own pipeline (no locks on the hot path).
  auto pipeline = std::make_shared<metrics::Pipeline>(MakeDaemonPipeline(
      series_, &alerts_, &book_, &feedback_, &judges_,
      evaluation_results_ ? evaluation_results_->MakePart(config_.metrics)
                          : nullptr));
  return [this, pipeline](std::vector<metrics::Event>& batch) {
    // One metric set for the whole batch: a reload waits for it.
    ReloadGate::Reader reader(state_.gate);
    for (const metrics::Event& event : batch) {
      pipeline->Process(config_.metrics, event,
                        metrics::Pipeline::Clock::now());
    }
    pipeline->Flush(metrics::Pipeline::Clock::now());
  };
}

Judges::Recorder Daemon::MakeJudgeRecorder() {
  // The verdict only: no judge part (nothing to defer), no feedback memory.
  auto pipeline = std::make_shared<metrics::Pipeline>(MakeDaemonPipeline(
      series_, &alerts_, &book_, nullptr, nullptr,
      evaluation_results_ ? evaluation_results_->MakePart(config_.metrics)
                          : nullptr));
  return [this, pipeline](std::vector<LateVerdict>& verdicts) {
    ReloadGate::Reader reader(state_.gate);
    for (const LateVerdict& v : verdicts) {
      // The metric that asked, if a reload has not changed or removed it.
      const auto& metrics = config_.metrics;
      auto it =
          std::find_if(metrics.begin(), metrics.end(), [&](const auto& m) {
            return m.name == v.metric && m.definition == v.definition;
          });
      if (it == metrics.end()) continue;
      pipeline->BeginEvent(v.event, v.now, /*late=*/true);
      pipeline->Record(static_cast<size_t>(it - metrics.begin()), v.verdict,
                       v.seconds);
      pipeline->EndEvent();
      calibration_.Judged(v.metric, v.event.id, v.verdict.outcome);
    }
    pipeline->Flush(metrics::Pipeline::Clock::now());
  };
}

ReloadResult Daemon::Reload() {
  std::lock_guard lock(reload_mu_);  // config_ changes only under this lock
  ReloadResult result;
  config::Config next;
  try {
    next = config_.source == "<default>"
               ? config::ParseConfig(config::DefaultConfigYaml(), "<default>",
                                     registry_)
               : config::LoadConfigFile(config_.source, registry_);
  } catch (const config::ConfigError& e) {
    result.error = e.what();
    reloads_.Count(false);
    state_.ReloadFailed(result.error);
    spdlog::error("config reload failed, the running config stays: {}",
                  result.error);
    return result;
  }
  if (flags_) flags_(next);
  result.changes = config::CompareConfigs(config_, next);
  next = config::WithStartupSettingsOf(config_, std::move(next));
  // The token files are read again, so a rotated token takes effect now;
  // one that cannot be read fails the reload and the old tokens stay.
  BearerTokens tokens;
  Judges::Keys judge_keys;
  try {
    tokens = ReadBearerTokens(config_.server);
    judge_keys = Judges::ReadKeys(next.metrics);
  } catch (const std::exception& e) {
    result.error = e.what();
    reloads_.Count(false);
    state_.ReloadFailed(result.error);
    spdlog::error("config reload failed, the running config stays: {}",
                  result.error);
    return result;
  }
  // Unchanged metrics keep their evaluators and what those remember (the
  // language check's conversations).
  for (auto& m : next.metrics) {
    for (const auto& old : config_.metrics) {
      if (old.name == m.name && old.definition == m.definition) {
        m.evaluator = old.evaluator;
      }
    }
  }
  std::vector<std::string> drop = result.changes.metrics_removed;
  drop.insert(drop.end(), result.changes.metrics_changed.begin(),
              result.changes.metrics_changed.end());
  {
    // Waits for the batches in flight; queued events wait for the new set.
    ReloadGate::Writer writer(state_.gate);
    series_.Reload(next.metrics, drop);
    book_.Reload(next.metrics, next.examples, result.changes);
    alerts_.Reload(next, result.changes, metrics::AlertClock::now());
    judges_.Configure(next.metrics, judge_keys);
    config_.metrics = std::move(next.metrics);
    config_.alerting = std::move(next.alerting);
    config_.examples = std::move(next.examples);
    config_.notifiers = std::move(next.notifiers);
    config_.alerts = std::move(next.alerts);
  }
  api_.SetTokens(std::move(tokens));
  result.ok = true;
  reloads_.Count(true);
  state_.ReloadSucceeded();
  const auto& c = result.changes;
  spdlog::info(
      "config reloaded from {}: {} metrics (added {}, removed {}, changed {}), "
      "{} alert rules (added {}, removed {}, changed {})",
      config_.source, config_.metrics.size(), List(c.metrics_added),
      List(c.metrics_removed), List(c.metrics_changed), config_.alerts.size(),
      List(c.alerts_added), List(c.alerts_removed), List(c.alerts_changed));
  for (const auto& what : c.restart_required) {
    spdlog::warn("config reload: {} needs a restart to take effect", what);
  }
  WarnDeprecated(config_.metrics);
  return result;
}

Daemon::~Daemon() = default;

namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void Daemon::BlockStopSignals() {
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int Daemon::Run() {
  HttpLimits limits{config_.server.max_body_bytes, config_.server.read_timeout,
                    config_.server.max_connections};
  HttpLimits ingest_limits = limits;
  ingest_limits.body_budget = &budget_;
  server_ = std::make_unique<HttpServer>(
      ioc_, ingest_limits,
      [this](HttpRequest&& req) { return api_.Handle(std::move(req)); });
  server_->Listen(config_.server.listen.host, config_.server.listen.port);
  listeners_.Add("main", *server_);
  if (config_.server.metrics_listen) {
    metrics_server_ =
        std::make_unique<HttpServer>(ioc_, limits, [this](HttpRequest&& req) {
          return api_.HandleMetricsOnly(std::move(req));
        });
    metrics_server_->Listen(config_.server.metrics_listen->host,
                            config_.server.metrics_listen->port);
    listeners_.Add("metrics", *metrics_server_);
  }

  workers_.Start();
  state_.workers_running = true;
  if (config_.alerting.external_url.empty()) {
    config::ListenAddress self = config_.server.listen;
    self.port = server_->port();
    alerts_.set_generator_url("http://" + self.ToString());
  } else {
    alerts_.set_generator_url(config_.alerting.external_url);
  }
  alerts_.Start();
  boost::asio::steady_timer trim_timer(ioc_);
  TrimAfterBursts(trim_timer);

  boost::asio::signal_set signals(ioc_, SIGTERM, SIGINT);
  // SIGHUP reloads the config, as for Prometheus and Alertmanager.
  boost::asio::signal_set hangup(ioc_, SIGHUP);
  std::function<void(const boost::system::error_code&, int)> on_hangup =
      [&](const boost::system::error_code& ec, int) {
        if (ec) return;
        if (!state_.shutting_down.load()) {
          spdlog::info("received SIGHUP: reloading {}", config_.source);
          Reload();
        }
        hangup.async_wait(on_hangup);
      };
  hangup.async_wait(on_hangup);
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& ec, int signo) {
        if (ec) return;
        if (state_.shutting_down.load()) {
          spdlog::warn("received {} again: still draining {} queued events",
                       SignalName(signo), queue_.size());
        } else {
          BeginShutdown(SignalName(signo));
        }
        signals.async_wait(on_signal);
      };
  signals.async_wait(on_signal);
  // The handlers are in place: this thread, which runs the event loop, may
  // take the signals now (see BlockStopSignals).
  const sigset_t stop = StopSignals();
  pthread_sigmask(SIG_UNBLOCK, &stop, nullptr);

  config::ListenAddress bound = config_.server.listen;
  bound.port = server_->port();
  std::string metrics_at;
  if (metrics_server_) {
    config::ListenAddress m = *config_.server.metrics_listen;
    m.port = metrics_server_->port();
    metrics_at = ", metrics on " + m.ToString();
  }
  spdlog::info(
      "micrometricsd {} listening on {}{} (config {}, {} metrics, {} alert "
      "rules, {} workers, queue {})",
      MICROMETRICS_VERSION, bound.ToString(), metrics_at, config_.source,
      config_.metrics.size(), config_.alerts.size(), config_.pipeline.workers,
      config_.pipeline.queue_capacity);

  std::vector<std::thread> io_threads;
  for (int i = 1; i < config_.server.threads; ++i) {
    io_threads.emplace_back([this] { ioc_.run(); });
  }
  ioc_.run();
  for (auto& t : io_threads) t.join();
  if (drain_thread_.joinable()) drain_thread_.join();
  return 0;
}

void Daemon::TrimAfterBursts(boost::asio::steady_timer& timer) {
  timer.expires_after(std::chrono::seconds(2));
  timer.async_wait([this, &timer](const boost::system::error_code& ec) {
    if (ec || state_.shutting_down.load()) return;
    constexpr uint64_t kBurst = 16ull << 20;
    const uint64_t peak = budget_.TakePeak();
    if (peak >= kBurst && budget_.used() < peak / 8) {
      ::malloc_trim(0);
    }
    TrimAfterBursts(timer);
  });
}

void Daemon::BeginShutdown(const char* why) {
  state_.shutting_down = true;
  const size_t queued = queue_.size();
  spdlog::info("received {}: refusing new events, draining {} queued events",
               why, queued);
  queue_.Close();
  // Drain off the I/O threads so /metrics stays scrapeable meanwhile.
  drain_thread_ = std::thread([this] {
    workers_.Join();
    state_.workers_running = false;
    // What still waits for a judge is dropped (counted); the verdicts
    // already back are recorded.
    judges_.Stop();
    // After the last verdict, so the next start picks up where this left.
    alerts_.SaveState();
    book_.SaveExamples();
    spdlog::info("drained: events_processed_total={}, exiting",
                 series_.events_processed());
    boost::asio::post(ioc_, [this] {
      server_->Stop();
      if (metrics_server_) metrics_server_->Stop();
      ioc_.stop();
    });
  });
}

}  // namespace micrometrics::daemon
