#include "tests/support/http_receiver.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <utility>

namespace micrometrics::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct HttpReceiver::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc,
                         tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
};

HttpReceiver::HttpReceiver(std::vector<int> statuses)
    : HttpReceiver([statuses = std::move(statuses)](const Request&, size_t n) {
        Reply reply;
        reply.status = statuses[std::min(n, statuses.size() - 1)];
        return reply;
      }) {}

HttpReceiver::HttpReceiver(Responder responder)
    : impl_(new Impl), responder_(std::move(responder)) {
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->acceptor.non_blocking(true);
  thread_ = std::thread([this] { Serve(); });
}

HttpReceiver::~HttpReceiver() {
  stop_ = true;
  hang = false;
  thread_.join();
  delete impl_;
}

std::vector<std::string> HttpReceiver::bodies() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> bodies;
  for (const Request& r : requests_) bodies.push_back(r.body);
  return bodies;
}

std::vector<HttpReceiver::Request> HttpReceiver::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

bool HttpReceiver::WaitForRequests(size_t n,
                                   std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (bodies().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void HttpReceiver::Serve() {
  size_t served = 0;
  while (!stop_) {
    beast::error_code ec;
    tcp::socket socket(impl_->ioc);
    impl_->acceptor.accept(socket, ec);
    if (ec) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    socket.non_blocking(false);
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) continue;
    Request request{std::string(req.target()),
                    std::string(req[http::field::authorization]), req.body(),
                    std::chrono::steady_clock::now()};
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
    }
    while (hang && !stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const Reply reply = responder_(request, served++);
    for (auto left = reply.delay; left.count() > 0 && !stop_;
         left -= std::chrono::milliseconds(10)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    http::response<http::string_body> res{
        static_cast<http::status>(reply.status), 11};
    for (const auto& [name, value] : reply.headers) res.set(name, value);
    res.set(http::field::content_type, "application/json");
    res.body() = reply.body;
    res.prepare_payload();
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
}

}  // namespace micrometrics::testing
