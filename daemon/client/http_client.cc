#include "daemon/client/http_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <string_view>

namespace micrometrics::daemon {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::optional<std::chrono::milliseconds> WaitOf(std::string_view value,
                                                int64_t unit_ms) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || p != value.data() + value.size() || n < 0) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(std::min<int64_t>(n, 86400000 / unit_ms) *
                                   unit_ms);
}

}  // namespace

net::awaitable<HttpReply> Fetch(config::HttpUrl url, HttpCall call) {
  HttpReply reply;
  auto executor = co_await net::this_coro::executor;
  beast::error_code ec;
  auto fail = [&] {
    reply.error = ec.message();
    return reply;
  };
  tcp::resolver resolver(executor);
  beast::tcp_stream stream(executor);
  stream.expires_after(call.timeout);
  auto endpoints = co_await resolver.async_resolve(
      url.host, url.port, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail();
  co_await stream.async_connect(endpoints,
                                net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail();

  http::request<http::string_body> req{call.method, call.target, 11};
  req.set(http::field::host, url.authority);
  req.set(http::field::user_agent, call.user_agent);
  if (!call.authorization.empty()) {
    req.set(http::field::authorization, call.authorization);
  }
  if (!call.content_type.empty()) {
    req.set(http::field::content_type, call.content_type);
  }
  req.body() = std::move(call.body);
  req.prepare_payload();
  stream.expires_after(call.timeout);
  co_await http::async_write(stream, req,
                             net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail();

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(call.max_body_bytes);
  stream.expires_after(call.timeout);
  co_await http::async_read(stream, buffer, parser,
                            net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail();
  reply.status = parser.get().result_int();
  const auto& head = parser.get();
  if (auto it = head.find("retry-after-ms"); it != head.end()) {
    reply.retry_after = WaitOf(it->value(), 1);
  } else if (auto ra = head.find(http::field::retry_after); ra != head.end()) {
    reply.retry_after = WaitOf(ra->value(), 1000);
  }
  reply.body = std::move(parser.get().body());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return reply;
}

HttpReply FetchBlocking(const config::HttpUrl& url, const HttpCall& call) {
  net::io_context ioc;
  HttpReply reply;
  net::co_spawn(ioc, Fetch(url, call), [&](std::exception_ptr e, HttpReply r) {
    if (e) {
      reply.error = "unexpected failure";
    } else {
      reply = std::move(r);
    }
  });
  ioc.run();
  return reply;
}

}  // namespace micrometrics::daemon
