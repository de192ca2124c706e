#include "daemon/alerting/notifier.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
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
  std::mutex mu;
  std::deque<std::string> outbox;
  std::unique_ptr<net::steady_timer> wake;
  bool stopped = false;
  ResultCounter count;
};

Notifier::Notifier(net::io_context& ioc, config::NotifierConfig config,
                   ResultCounter count)
    : ioc_(ioc), config_(std::move(config)), state_(std::make_shared<State>()) {
  state_->count = std::move(count);
  state_->wake = std::make_unique<net::steady_timer>(ioc_);
}

Notifier::~Notifier() {
  std::lock_guard lock(state_->mu);
  state_->stopped = true;
}

size_t Notifier::queued() const {
  std::lock_guard lock(state_->mu);
  return state_->outbox.size();
}

std::deque<std::string> Notifier::TakeOutbox() {
  std::lock_guard lock(state_->mu);
  return std::exchange(state_->outbox, {});
}

void Notifier::Adopt(std::deque<std::string> outbox) {
  for (auto& body : outbox) Send(std::move(body));
}

void Notifier::Send(std::string body) {
  {
    std::lock_guard lock(state_->mu);
    if (state_->outbox.size() >= config_.outbox_capacity) {
      // Bounded: the oldest notification goes, and is counted.
      state_->outbox.pop_front();
      state_->count(config_.name, "dropped");
    }
    state_->outbox.push_back(std::move(body));
  }
  net::post(ioc_, [state = state_] { state->wake->cancel(); });
}

void Notifier::Start() {
  auto state = state_;
  auto config = config_;
  auto& ioc = ioc_;
  net::co_spawn(
      ioc,
      [state, config, &ioc]() -> net::awaitable<void> {
        const config::HttpUrl& url = config.endpoint;
        // An Alertmanager url is its base, as in Prometheus's config.
        const std::string target =
            config.type == config::NotifierConfig::Type::kAlertmanager
                ? url.Join("/api/v2/alerts")
                : url.target;
        std::mt19937 rng{std::random_device{}()};
        for (;;) {
          std::string body;
          {
            std::lock_guard lock(state->mu);
            if (state->stopped) co_return;
            if (!state->outbox.empty()) {
              body = std::move(state->outbox.front());
              state->outbox.pop_front();
            }
          }
          if (body.empty()) {
            state->wake->expires_after(std::chrono::seconds(1));
            boost::system::error_code ec;
            co_await state->wake->async_wait(
                net::redirect_error(net::use_awaitable, ec));
            continue;
          }
          const auto give_up =
              std::chrono::steady_clock::now() + config.give_up_after;
          auto backoff = std::chrono::milliseconds(500);
          for (;;) {
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
              state->count(config.name, "sent");
              break;
            }
            if (status >= 400 && status < 500) {
              spdlog::warn("notifier {}: {} answered {}; not retrying",
                           config.name, config.url, status);
              state->count(config.name, "rejected");
              break;
            }
            if (std::chrono::steady_clock::now() + backoff > give_up) {
              spdlog::warn(
                  "notifier {}: giving up on a notification to {}: {}",
                  config.name, config.url,
                  failure.empty() ? "HTTP " + std::to_string(status) : failure);
              state->count(config.name, "gave_up");
              break;
            }
            state->count(config.name, "retried");
            // Exponential backoff with +-25% jitter, at most a minute.
            std::uniform_real_distribution<double> jitter(0.75, 1.25);
            net::steady_timer timer(ioc);
            timer.expires_after(std::chrono::milliseconds(static_cast<int64_t>(
                static_cast<double>(backoff.count()) * jitter(rng))));
            boost::system::error_code ec;
            co_await timer.async_wait(
                net::redirect_error(net::use_awaitable, ec));
            backoff = std::min(backoff * 2, std::chrono::milliseconds(60000));
            std::lock_guard lock(state->mu);
            if (state->stopped) co_return;
          }
        }
      },
      net::detached);
}

}  // namespace micrometrics::daemon
