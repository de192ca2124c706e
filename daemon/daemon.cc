#include "daemon/daemon.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <thread>

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

}  // namespace

Daemon::Daemon(config::Config config)
    : config_(std::move(config)),
      labels_(config_.labels, config_.label_max_values),
      series_(config_, labels_),
      queue_(config_.pipeline.queue_capacity, config_.pipeline.queue_max_bytes),
      ioc_(config_.server.threads),
      alerts_(config_, series_, ioc_, config_.alerting.external_url),
      feedback_(config_.feedback),
      api_(config_, queue_, series_, state_, &alerts_, &feedback_),
      workers_(queue_, config_.metrics, series_, alerts_, feedback_,
               config_.pipeline.workers) {}

Daemon::~Daemon() = default;

int Daemon::Run() {
  const HttpLimits limits{config_.server.max_body_bytes,
                          config_.server.read_timeout};
  server_ = std::make_unique<HttpServer>(
      ioc_, limits,
      [this](HttpRequest&& req) { return api_.Handle(std::move(req)); });
  server_->Listen(config_.server.listen.host, config_.server.listen.port);
  if (config_.server.metrics_listen) {
    metrics_server_ =
        std::make_unique<HttpServer>(ioc_, limits, [this](HttpRequest&& req) {
          return api_.HandleMetricsOnly(std::move(req));
        });
    metrics_server_->Listen(config_.server.metrics_listen->host,
                            config_.server.metrics_listen->port);
  }

  workers_.Start();
  state_.workers_running = true;
  if (config_.alerting.external_url.empty()) {
    config::ListenAddress self = config_.server.listen;
    self.port = server_->port();
    alerts_.set_generator_url("http://" + self.ToString() + "/api/v1/alerts");
  } else {
    alerts_.set_generator_url(config_.alerting.external_url + "/api/v1/alerts");
  }
  alerts_.Start();

  boost::asio::signal_set signals(ioc_, SIGTERM, SIGINT);
  // SIGHUP must not kill a sidecar (its default action would); config
  // reload is not built yet, so say so.
  boost::asio::signal_set hangup(ioc_, SIGHUP);
  std::function<void(const boost::system::error_code&, int)> on_hangup =
      [&](const boost::system::error_code& ec, int) {
        if (ec) return;
        spdlog::warn(
            "received SIGHUP: config reload is not supported yet; "
            "restart to load a new config");
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
    const double processed = series_.events_processed().Value();
    spdlog::info("drained: events_processed_total={:.0f}, exiting", processed);
    boost::asio::post(ioc_, [this] {
      server_->Stop();
      if (metrics_server_) metrics_server_->Stop();
      ioc_.stop();
    });
  });
}

}  // namespace micrometrics::daemon
