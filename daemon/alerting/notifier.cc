#include "daemon/alerting/notifier.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <random>

#include "daemon/client/http_client.h"

namespace micrometrics::daemon {
namespace {

namespace http = boost::beast::http;
namespace net = boost::asio;

}  // namespace

struct Notifier::State {
  // The delivery loop, its wake-up timer and the wake-ups run here: the
  // daemon's io_context runs on several threads (see Fetch).
  explicit State(net::io_context& ioc) : strand(net::make_strand(ioc)) {}
  net::strand<net::io_context::executor_type> strand;
  std::mutex mu;
  std::deque<std::string> outbox;
  size_t in_flight = 0;  // taken from the outbox, not yet done
  std::unique_ptr<net::steady_timer> wake;
  bool stopped = false;
  ResultCounter count;
};

Notifier::Notifier(net::io_context& ioc, config::NotifierConfig config,
                   ResultCounter count)
    : ioc_(ioc),
      config_(std::move(config)),
      state_(std::make_shared<State>(ioc)) {
  state_->count = std::move(count);
  state_->wake = std::make_unique<net::steady_timer>(state_->strand);
}

Notifier::~Notifier() {
  std::lock_guard lock(state_->mu);
  state_->stopped = true;
}

size_t Notifier::queued() const {
  std::lock_guard lock(state_->mu);
  return state_->outbox.size() + state_->in_flight;
}

std::deque<std::string> Notifier::TakeOutbox() {
  std::lock_guard lock(state_->mu);
  return std::exchange(state_->outbox, {});
}

void Notifier::Adopt(std::deque<std::string> outbox) {
  Send(std::vector<std::string>(std::make_move_iterator(outbox.begin()),
                                std::make_move_iterator(outbox.end())));
}

void Notifier::Send(std::string notification) {
  std::vector<std::string> one;
  one.push_back(std::move(notification));
  Send(std::move(one));
}

void Notifier::Send(std::vector<std::string> notifications) {
  if (notifications.empty()) return;
  size_t dropped = 0;
  {
    std::lock_guard lock(state_->mu);
    for (auto& n : notifications) {
      if (state_->outbox.size() >= config_.outbox_capacity) {
        // Bounded: the oldest notification goes, and is counted.
        state_->outbox.pop_front();
        ++dropped;
      }
      state_->outbox.push_back(std::move(n));
    }
  }
  if (dropped > 0) state_->count(config_.name, "dropped", dropped);
  net::post(state_->strand, [state = state_] { state->wake->cancel(); });
}

void Notifier::Start() {
  auto state = state_;
  auto config = config_;
  auto& ioc = ioc_;
  net::co_spawn(
      state->strand,
      [state, config, &ioc]() -> net::awaitable<void> {
        const config::HttpUrl& url = config.endpoint;
        // An Alertmanager url is its base, as in Prometheus's config.
        const std::string target =
            config.type == config::NotifierConfig::Type::kAlertmanager
                ? url.Join("/api/v2/alerts")
                : url.target;
        const bool batch =
            config.type == config::NotifierConfig::Type::kAlertmanager;
        std::mt19937 rng{std::random_device{}()};
        for (;;) {
          std::string body;
          size_t n = 0;
          {
            std::lock_guard lock(state->mu);
            if (state->stopped) co_return;
            if (batch && !state->outbox.empty()) {
              // What waits, oldest first, in one POST.
              body = "[";
              while (!state->outbox.empty() && n < kMaxBatch) {
                if (n++ > 0) body += ',';
                body += state->outbox.front();
                state->outbox.pop_front();
              }
              body += ']';
            } else if (!state->outbox.empty()) {
              body = std::move(state->outbox.front());
              state->outbox.pop_front();
              n = 1;
            }
            state->in_flight = n;
          }
          if (n == 0) {
            state->wake->expires_after(std::chrono::seconds(1));
            boost::system::error_code ec;
            co_await state->wake->async_wait(
                net::redirect_error(net::use_awaitable, ec));
            continue;
          }
          const auto give_up =
              std::chrono::steady_clock::now() + config.give_up_after;
          auto backoff = std::chrono::milliseconds(500);
          int attempt = 0;
          for (;;) {
            ++attempt;
            HttpCall call;
            call.method = http::verb::post;
            call.target = target;
            call.content_type = "application/json";
            call.body = body;
            call.timeout = config.timeout;
            const HttpReply reply = co_await Fetch(url, std::move(call));
            const std::string& failure = reply.error;
            const unsigned status = reply.status;
            if (status >= 200 && status < 300) {
              if (attempt > 1) {
                spdlog::info("notifier {}: delivered to {} on attempt {}",
                             config.name, config.url, attempt);
              }
              state->count(config.name, "sent", n);
              break;
            }
            const std::string reason =
                failure.empty() ? "HTTP " + std::to_string(status) : failure;
            const std::string what = n == 1
                                         ? "a notification"
                                         : std::to_string(n) + " notifications";
            if (status >= 400 && status < 500) {
              spdlog::warn("notifier {}: {} answered {} to {}; not retrying",
                           config.name, config.url, reason, what);
              state->count(config.name, "rejected", n);
              break;
            }
            if (std::chrono::steady_clock::now() + backoff > give_up) {
              spdlog::warn(
                  "notifier {}: giving up on {} to {} after {} "
                  "attempts: {}",
                  config.name, what, config.url, attempt, reason);
              state->count(config.name, "gave_up", n);
              break;
            }
            state->count(config.name, "retried", n);
            // Exponential backoff with +-25% jitter, at most a minute.
            std::uniform_real_distribution<double> jitter(0.75, 1.25);
            const auto delay = std::chrono::milliseconds(static_cast<int64_t>(
                static_cast<double>(backoff.count()) * jitter(rng)));
            spdlog::warn(
                "notifier {}: attempt {} of {} to {} failed: {}; "
                "retrying in {}ms",
                config.name, attempt, what, config.url, reason, delay.count());
            net::steady_timer timer(ioc);
            timer.expires_after(delay);
            boost::system::error_code ec;
            co_await timer.async_wait(
                net::redirect_error(net::use_awaitable, ec));
            backoff = std::min(backoff * 2, std::chrono::milliseconds(60000));
            std::lock_guard lock(state->mu);
            if (state->stopped) co_return;
          }
          std::lock_guard lock(state->mu);
          state->in_flight = 0;
        }
      },
      net::detached);
}

}  // namespace micrometrics::daemon
