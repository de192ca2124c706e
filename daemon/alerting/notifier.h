#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>  // before asio headers: Boost 1.74's awaitable needs it

#include "config/config.h"

namespace micrometrics::daemon {

/// Delivers alert notifications to one receiver (Alertmanager or a
/// webhook) over HTTP, off the ingest path: Send() only appends to a bounded
/// outbox; one coroutine on the io_context posts them in order, retrying 5xx
/// and connection errors with exponential backoff and jitter until
/// give_up_after. Thread-safe: the outbox is guarded by a mutex.
class Notifier {
 public:
  /// result is one of: sent, rejected (4xx), gave_up, dropped (outbox full).
  using ResultCounter = std::function<void(const std::string& notifier,
                                           const std::string& result)>;

  Notifier(boost::asio::io_context& ioc, config::NotifierConfig config,
           ResultCounter count);
  ~Notifier();

  const config::NotifierConfig& config() const { return config_; }
  /// Queues one request body for the receiver; never blocks.
  void Send(std::string body);
  /// Starts the delivery loop (once, after the io_context exists).
  void Start();
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
