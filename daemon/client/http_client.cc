#include "daemon/client/http_client.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

namespace micrometrics::daemon {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
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

namespace {

http::request<http::string_body> MakeRequest(const config::HttpUrl& url,
                                             HttpCall& call) {
  http::request<http::string_body> req{call.method, call.target, 11};
  req.set(http::field::host, url.authority);
  req.set(http::field::user_agent, call.user_agent);
  if (!call.authorization.empty()) {
    req.set(http::field::authorization, call.authorization);
  }
  if (!call.content_type.empty()) {
    req.set(http::field::content_type, call.content_type);
  }
  for (const auto& [name, value] : call.headers) req.set(name, value);
  req.body() = std::move(call.body);
  req.prepare_payload();
  return req;
}

// Writes the request and reads the answer on a connected stream.
template <typename Stream>
net::awaitable<void> Exchange(Stream& stream,
                              http::request<http::string_body>& req,
                              const HttpCall& call, HttpReply& reply,
                              beast::error_code& ec) {
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(call.timeout);
  co_await http::async_write(stream, req,
                             net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(call.max_body_bytes);
  lowest.expires_after(call.timeout);
  co_await http::async_read(stream, buffer, parser,
                            net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return;
  reply.status = parser.get().result_int();
  const auto& head = parser.get();
  if (auto it = head.find("retry-after-ms"); it != head.end()) {
    reply.retry_after = WaitOf(it->value(), 1);
  } else if (auto ra = head.find(http::field::retry_after); ra != head.end()) {
    reply.retry_after = WaitOf(ra->value(), 1000);
  }
  reply.body = std::move(parser.get().body());
}

// One client context per CA file ("" for the system's), made at first use.
std::shared_ptr<ssl::context> TlsContext(const std::string& ca_file,
                                         std::string* error) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<ssl::context>> contexts;
  std::lock_guard lock(mu);
  if (auto it = contexts.find(ca_file); it != contexts.end()) {
    return it->second;
  }
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                   ssl::context::no_tlsv1_1);
  ctx->set_verify_mode(ssl::verify_peer);
  beast::error_code ec;
  if (ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
  } else {
    ctx->load_verify_file(ca_file, ec);
  }
  if (ec) {
    *error = "cannot load the CAs " +
             (ca_file.empty() ? std::string("of the system") : ca_file) + ": " +
             ec.message();
    return nullptr;
  }
  contexts.emplace(ca_file, ctx);
  return ctx;
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
  http::request<http::string_body> req = MakeRequest(url, call);
  if (!url.tls) {
    beast::tcp_stream stream(executor);
    stream.expires_after(call.timeout);
    auto endpoints = co_await resolver.async_resolve(
        url.host, url.port, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return fail();
    co_await stream.async_connect(endpoints,
                                  net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return fail();
    co_await Exchange(stream, req, call, reply, ec);
    if (ec) co_return fail();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return reply;
  }

  std::shared_ptr<ssl::context> ctx = TlsContext(call.ca_file, &reply.error);
  if (!ctx) co_return reply;
  beast::ssl_stream<beast::tcp_stream> stream(executor, *ctx);
  beast::error_code not_ip;
  net::ip::make_address(url.host, not_ip);
  const bool is_ip = !not_ip;
  // SNI: names only (RFC 6066).
  // (SSL_set_tlsext_host_name is a macro with a C cast.)
  if (!is_ip && SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                         TLSEXT_NAMETYPE_host_name,
                         const_cast<char*>(url.host.c_str())) != 1) {
    reply.error = "cannot set the TLS server name " + url.host;
    co_return reply;
  }
  // The chain is checked by OpenSSL; the leaf must name the URL's host.
  stream.set_verify_callback(
      [host = url.host, is_ip](bool preverified, ssl::verify_context& vc) {
        if (!preverified) return false;
        X509_STORE_CTX* store = vc.native_handle();
        if (X509_STORE_CTX_get_error_depth(store) > 0) return true;
        X509* cert = X509_STORE_CTX_get_current_cert(store);
        return is_ip ? X509_check_ip_asc(cert, host.c_str(), 0) == 1
                     : X509_check_host(cert, host.data(), host.size(), 0,
                                       nullptr) == 1;
      });
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(call.timeout);
  auto endpoints = co_await resolver.async_resolve(
      url.host, url.port, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail();
  co_await lowest.async_connect(endpoints,
                                net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail();
  lowest.expires_after(call.timeout);
  co_await stream.async_handshake(ssl::stream_base::client,
                                  net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail();
  co_await Exchange(stream, req, call, reply, ec);
  if (ec) co_return fail();
  // The answer is whole: close without waiting for a TLS close_notify.
  beast::error_code ignored;
  lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
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
