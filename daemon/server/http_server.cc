#include "daemon/server/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace micrometrics::daemon {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kHeaderLimit = 16 * 1024;
// Beast reads at most the read buffer's free space per call: a body is read
// into a buffer of up to this size (a few reads per batch instead of one per
// few hundred bytes), which goes again while the connection waits.
constexpr size_t kBodyReadBuffer = 64 * 1024;
constexpr size_t kIdleReadBuffer = 8 * 1024;
constexpr size_t kBodyPadding = 64;

class Session;

// The connections of a listener that wait for a request, in the order they
// began waiting: those that never sent one, and idle keep-alive ones. At
// max_connections the listener sheds the front of the first list, then of
// the second, so a client that opens connections and sends nothing (or
// leaks them after one request) loses its own slots before a client that
// keeps its connections busy. Thread-safe.
class IdleSessions {
 public:
  using Token = uint64_t;
  /// `fresh`: the connection has not sent a request yet.
  Token Add(std::weak_ptr<Session> session, bool fresh) {
    std::lock_guard lock(mu_);
    const Token t = ++next_;
    (fresh ? fresh_ : kept_).emplace(t, std::move(session));
    return t;
  }
  void Remove(Token t) {
    if (t == 0) return;
    std::lock_guard lock(mu_);
    if (fresh_.erase(t) == 0) kept_.erase(t);
  }
  /// The connection to shed, taken out of the lists; empty when none.
  std::shared_ptr<Session> TakeLongestWaiting() {
    std::lock_guard lock(mu_);
    for (auto* list : {&fresh_, &kept_}) {
      while (!list->empty()) {
        auto node = list->extract(list->begin());
        if (auto s = node.mapped().lock()) return s;
      }
    }
    return nullptr;
  }

 private:
  std::mutex mu_;
  Token next_ = 0;
  std::map<Token, std::weak_ptr<Session>> fresh_;
  std::map<Token, std::weak_ptr<Session>> kept_;
};

// One connection. Owned by the shared_ptrs bound into its pending handlers;
// every handler runs on the connection's strand, so no locking is needed.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<const HttpLimits> limits,
          std::shared_ptr<const HttpHandler> handler,
          std::shared_ptr<ConnectionStats> stats,
          std::shared_ptr<IdleSessions> idle)
      : stream_(std::move(socket)),
        limits_(std::move(limits)),
        handler_(std::move(handler)),
        stats_(std::move(stats)),
        idle_(std::move(idle)) {
    ++stats_->open;
  }
  ~Session() {
    ReleaseBody();
    idle_->Remove(idle_token_);
    --stats_->open;
  }

  /// Closes the connection for a new one if it still waits for a request
  /// (it may have begun one since it was picked).
  void Shed() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_token_ == 0 ||
          (self->parser_ && self->parser_->got_some())) {
        return;
      }
      ++self->stats_->shed;
      self->idle_token_ = 0;  // already out of the lists
      self->Close();
    });
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Run() {
    net::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

 private:
  void ReadHeader() {
    if (buffer_.size() == 0 && buffer_.capacity() > kIdleReadBuffer) {
      buffer_.shrink_to_fit();  // idle keep-alive connections stay small
    }
    parser_.emplace();
    idle_token_ = idle_->Add(weak_from_this(), /*fresh=*/served_ == 0);
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(limits_->max_body_bytes);
    // One deadline covers the whole request, idle keep-alive time included.
    stream_.expires_after(limits_->read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    idle_->Remove(std::exchange(idle_token_, 0));
    ++served_;
    if (ec) return OnReadError(ec);
    const auto& header = parser_->get();
    auto length = parser_->content_length();
    if (length && *length > limits_->max_body_bytes) {
      return Reply(TooLarge(header.version()), /*close=*/true);
    }
    const bool chunked = parser_->chunked();
    if (limits_->body_budget && ((length && *length > 0) || chunked)) {
      // The body's memory before its first byte: a flood of big bodies is
      // answered 429 while they are still in the client's socket.
      const uint64_t want = chunked ? limits_->max_body_bytes : *length;
      if (!limits_->body_budget->TryReserve(want)) {
        ++stats_->over_budget;
        HttpResponse res = ErrorResponse(
            http::status::too_many_requests, "memory budget exhausted",
            "{\"body_bytes\":" + std::to_string(want) +
                ",\"budget_bytes_in_use\":" +
                std::to_string(limits_->body_budget->used()) +
                ",\"budget_bytes\":" +
                std::to_string(limits_->body_budget->limit()) + "}",
            header.version(), false);
        res.set(http::field::retry_after, "1");
        return Reply(std::move(res), /*close=*/true);
      }
      body_reserved_ = want;
    }
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(
          http::status::continue_, header.version());
      http::async_write(
          stream_, *cont,
          [self = shared_from_this(), cont](beast::error_code wec, size_t) {
            if (wec) return self->Close();
            self->ReadBody();
          });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    const auto length = parser_->content_length();
    if (length) {
      // Room for the JSON parser's padding (simdjson reads up to 64 bytes
      // past the end), so that parsing a body never copies it. The body is
      // still empty here: this moves nothing.
      parser_->get().body().reserve(static_cast<size_t>(*length) +
                                    kBodyPadding);
    }
    const size_t want =
        length
            ? static_cast<size_t>(std::min<uint64_t>(*length, kBodyReadBuffer))
            : kBodyReadBuffer;  // chunked
    if (buffer_.capacity() - buffer_.size() < want) {
      buffer_.reserve(buffer_.size() + want);
    }
    http::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    HttpRequest req = parser_->release();
    HttpResponse res = (*handler_)(std::move(req));
    ReleaseBody();  // the body is gone; what it became is the queue's
    const bool close = !res.keep_alive();
    Reply(std::move(res), close);
  }

  void ReleaseBody() {
    if (body_reserved_ == 0) return;
    limits_->body_budget->Release(body_reserved_);
    body_reserved_ = 0;
  }

  void OnReadError(beast::error_code ec) {
    ReleaseBody();
    if (ec == beast::error::timeout) {
      // Slow-loris clients and idle keep-alive connections are cut off.
      const bool idle = !parser_ || !parser_->got_some();
      ++(idle ? stats_->idle_timeout : stats_->read_timeout);
      return Close();
    }
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset ||
        ec == net::error::operation_aborted) {
      return Close();
    }
    unsigned version =
        parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    if (ec == http::error::body_limit) {
      return Reply(TooLarge(version), /*close=*/true);
    }
    if (ec == http::error::header_limit) {
      return Reply(
          ErrorResponse(http::status::request_header_fields_too_large,
                        "request header too large", {}, version, false),
          true);
    }
    Reply(ErrorResponse(http::status::bad_request,
                        "malformed HTTP request: " + ec.message(), {}, version,
                        false),
          true);
  }

  HttpResponse TooLarge(unsigned version) const {
    return ErrorResponse(
        http::status::payload_too_large, "request body too large",
        "{\"max_body_bytes\":" + std::to_string(limits_->max_body_bytes) + "}",
        version, false);
  }

  void Reply(HttpResponse res, bool close) {
    if (close) res.keep_alive(false);
    auto sp = std::make_shared<HttpResponse>(std::move(res));
    http::async_write(
        stream_, *sp,
        [self = shared_from_this(), sp, close](beast::error_code ec, size_t) {
          if (ec || close) return self->Close();
          self->ReadHeader();
        });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<const HttpLimits> limits_;
  std::shared_ptr<const HttpHandler> handler_;
  std::shared_ptr<ConnectionStats> stats_;
  std::shared_ptr<IdleSessions> idle_;
  IdleSessions::Token idle_token_ = 0;
  uint64_t served_ = 0;         // requests begun on this connection
  uint64_t body_reserved_ = 0;  // of limits_->body_budget
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

class HttpServer::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, std::shared_ptr<const HttpLimits> limits,
           std::shared_ptr<const HttpHandler> handler,
           std::shared_ptr<ConnectionStats> stats)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        retry_timer_(acceptor_.get_executor()),
        limits_(std::move(limits)),
        handler_(std::move(handler)),
        stats_(std::move(stats)) {}

  void Open(const tcp::endpoint& endpoint) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  void Accept() {
    acceptor_.async_accept(
        net::make_strand(ioc_),
        beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Typically EMFILE: back off briefly instead of spinning on accept.
      spdlog::warn("accept failed: {}; retrying in 100ms", ec.message());
      retry_timer_.expires_after(std::chrono::milliseconds(100));
      retry_timer_.async_wait([self = shared_from_this()](beast::error_code) {
        if (self->acceptor_.is_open()) self->Accept();
      });
      return;
    }
    beast::error_code ignored;
    if (static_cast<size_t>(stats_->open.load()) >= limits_->max_connections) {
      // Full: the connection that waited longest without a request makes
      // room; if every one is in a request, the new one goes. Bounded either
      // way: a flood of connections costs a close each.
      if (auto victim = idle_->TakeLongestWaiting()) {
        victim->Shed();
      } else {
        ++stats_->refused;
        socket.close(ignored);
        return Accept();
      }
    }
    ++stats_->accepted;
    // Answers are written whole; do not let Nagle hold the last segment.
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(std::move(socket), limits_, handler_, stats_,
                              idle_)
        ->Run();
    Accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  std::shared_ptr<const HttpLimits> limits_;
  std::shared_ptr<const HttpHandler> handler_;
  std::shared_ptr<ConnectionStats> stats_;
  std::shared_ptr<IdleSessions> idle_ = std::make_shared<IdleSessions>();
};

HttpServer::HttpServer(net::io_context& ioc, HttpLimits limits,
                       HttpHandler handler)
    : ioc_(ioc),
      limits_(std::make_shared<const HttpLimits>(limits)),
      handler_(std::make_shared<const HttpHandler>(std::move(handler))),
      stats_(std::make_shared<ConnectionStats>()) {}

HttpServer::~HttpServer() = default;

void HttpServer::Listen(const std::string& host, uint16_t port) {
  // Numeric addresses as they are; names such as "localhost" resolved once.
  tcp::resolver resolver(ioc_);
  auto results =
      resolver.resolve(host, std::to_string(port),
                       tcp::resolver::passive | tcp::resolver::numeric_service);
  listener_ = std::make_shared<Listener>(ioc_, limits_, handler_, stats_);
  listener_->Open(results.begin()->endpoint());
  listener_->Accept();
}

uint16_t HttpServer::port() const { return listener_ ? listener_->port() : 0; }

void HttpServer::Stop() {
  if (listener_) listener_->Stop();
}

void ListenerSeries::Add(std::string listener, const HttpServer& server) {
  listeners_.emplace_back(std::move(listener), &server);
}

void ListenerSeries::Collect(TextWriter& out) const {
  out.Family(series::kHttpConnections);
  for (const auto& [name, server] : listeners_) {
    const Label labels[] = {{"listener", name}};
    out.Sample(series::kHttpConnections.name, labels, {},
               static_cast<double>(server->stats().open.load()));
  }
  out.Family(series::kHttpConnectionsClosed);
  for (const auto& [name, server] : listeners_) {
    const ConnectionStats& s = server->stats();
    const std::pair<const char*, uint64_t> closed[] = {
        {"idle_timeout", s.idle_timeout.load()},
        {"limit", s.refused.load()},
        {"read_timeout", s.read_timeout.load()},
        {"shed", s.shed.load()},
        {"memory_budget", s.over_budget.load()}};
    for (const auto& [reason, total] : closed) {
      const Label labels[] = {{"listener", name}, {"reason", reason}};
      out.Sample(series::kHttpConnectionsClosed.name, labels, {}, total);
    }
  }
}

}  // namespace micrometrics::daemon
