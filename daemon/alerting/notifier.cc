#include "daemon/alerting/notifier.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <random>

namespace micrometrics::daemon {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Url {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

Url ParseUrl(const std::string& url) {
  Url u;
  std::string rest = url.substr(url.find("://") + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.target = rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') < colon) {
    u.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  } else if (colon != std::string::npos &&
             authority.find('[') == std::string::npos) {
    u.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  }
  if (authority.starts_with('['))
    authority = authority.substr(1, authority.size() - 2);
  u.host = authority;
  return u;
}

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
        Url url = ParseUrl(config.url);
        if (config.type == config::NotifierConfig::Type::kAlertmanager) {
          // The url is Alertmanager's base, as in Prometheus's config.
          if (url.target.ends_with('/')) url.target.pop_back();
          url.target += "/api/v2/alerts";
        }
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
            std::string failure;
            unsigned status = 0;
            try {
              tcp::resolver resolver(ioc);
              auto endpoints = co_await resolver.async_resolve(
                  url.host, url.port, net::use_awaitable);
              beast::tcp_stream stream(ioc);
              stream.expires_after(config.timeout);
              co_await stream.async_connect(endpoints, net::use_awaitable);
              http::request<http::string_body> req{http::verb::post, url.target,
                                                   11};
              req.set(http::field::host, url.host);
              req.set(http::field::content_type, "application/json");
              req.set(http::field::user_agent, "micrometricsd");
              req.body() = body;
              req.prepare_payload();
              stream.expires_after(config.timeout);
              co_await http::async_write(stream, req, net::use_awaitable);
              beast::flat_buffer buffer;
              http::response<http::string_body> res;
              co_await http::async_read(stream, buffer, res,
                                        net::use_awaitable);
              status = res.result_int();
              beast::error_code ignored;
              stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            } catch (const boost::system::system_error& e) {
              failure = e.code().message();
            }
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
