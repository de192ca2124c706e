#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>  // before asio headers: Boost 1.74's awaitable needs it

#include "config/config.h"

namespace micrometrics::daemon {

/// Delivers alert notifications to one receiver (Alertmanager or a
/// webhook) over HTTP, off the ingest path: Send() only appends to a bounded
/// outbox; one coroutine on the io_context posts them in order, retrying 5xx
/// and connection errors with exponential backoff and jitter until
/// give_up_after, and logging each retry with its reason. For Alertmanager
/// each notification is one alert object, and up to kMaxBatch waiting ones
/// go in one POST (the array /api/v2/alerts takes); a webhook gets one body
/// per notification. Thread-safe: the outbox is guarded by a mutex.
class Notifier {
 public:
  /// result is one of: sent, retried, rejected (4xx), gave_up, dropped
  /// (outbox full); `n` notifications had it.
  using ResultCounter = std::function<void(
      const std::string& notifier, const std::string& result, size_t n)>;
  static constexpr size_t kMaxBatch = 64;

  Notifier(boost::asio::io_context& ioc, config::NotifierConfig config,
           ResultCounter count);
  ~Notifier();

  const config::NotifierConfig& config() const { return config_; }
  /// Queues notifications (for Alertmanager: alert objects; for a webhook:
  /// request bodies), in order; never blocks.
  void Send(std::vector<std::string> notifications);
  void Send(std::string notification);
  /// Starts the delivery loop (once, after the io_context exists).
  void Start();
  /// Notifications waiting: in the outbox and in the POST being tried.
  size_t queued() const;
  /// Config reload: the notifications still waiting, to hand to the
  /// notifier that replaces this one (same name, new settings).
  std::deque<std::string> TakeOutbox();
  /// Queues notifications taken from a replaced notifier, oldest first.
  void Adopt(std::deque<std::string> outbox);

 private:
  struct State;
  boost::asio::io_context& ioc_;
  config::NotifierConfig config_;
  std::shared_ptr<State> state_;
};

}  // namespace micrometrics::daemon
