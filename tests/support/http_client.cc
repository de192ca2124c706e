#include "tests/support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>
#include <utility>

namespace micrometrics::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpReply ToReply(http::response<http::string_body>& res) {
  HttpReply reply;
  reply.status = res.result_int();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(c));
    reply.headers[name] = std::string(field.value());
  }
  reply.body = res.body();
  return reply;
}

}  // namespace

HttpReply HttpCall(int port, const std::string& method,
                   const std::string& target, const std::string& body,
                   const std::string& content_type,
                   const std::map<std::string, std::string>& headers) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(port)));
  http::request<http::string_body> req{http::string_to_verb(method), target,
                                       11};
  req.set(http::field::host, "127.0.0.1");
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256 * 1024 * 1024);
  // The answer to HEAD says how long the body would be, and has none.
  parser.skip(req.method() == http::verb::head);
  http::read(socket, buffer, parser);
  auto res = parser.release();
  beast::error_code ec;
  socket.shutdown(tcp::socket::shutdown_both, ec);
  return ToReply(res);
}

std::vector<HttpReply> HttpCallsOnOneConnection(
    int port, const std::vector<std::string>& targets) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(port)));
  std::vector<HttpReply> replies;
  beast::flat_buffer buffer;
  for (const auto& target : targets) {
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(true);
    http::write(socket, req);
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    replies.push_back(ToReply(res));
  }
  return replies;
}

int FreePort() {
  net::io_context ioc;
  tcp::acceptor acceptor(ioc,
                         tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace micrometrics::testing
