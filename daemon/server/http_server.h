#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daemon/exposition/collectable.h"
#include "daemon/pipeline/byte_budget.h"
#include "daemon/server/http.h"

namespace micrometrics::daemon {

/// Limits applied to every request on a listener.
struct HttpLimits {
  size_t max_body_bytes = 4 * 1024 * 1024;
  std::chrono::milliseconds read_timeout{10000};
  /// Open connections at most. At the limit a new connection takes the
  /// slot of the connection that waited longest without a request (one that
  /// never sent any first, then idle keep-alive); only when every connection
  /// is in a request is the new one closed at once. Both are counted.
  size_t max_connections = 1024;
  /// Optional (outlives the server): a body is reserved here at its
  /// Content-Length (max_body_bytes when chunked) before it is read, and
  /// released once answered; when it does not fit, the request gets 429
  /// without its body being read.
  ByteBudget* body_budget = nullptr;
};

/// What a listener's connections did; read at scrape time. Thread-safe.
struct ConnectionStats {
  std::atomic<int64_t> open{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused{0};       ///< over max_connections
  std::atomic<uint64_t> shed{0};          ///< idle, closed for a new connection
  std::atomic<uint64_t> over_budget{0};   ///< 429 before reading a body
  std::atomic<uint64_t> idle_timeout{0};  ///< keep-alive with no request
  std::atomic<uint64_t> read_timeout{0};  ///< a request not read in time
};

/// Answers one complete request. Called on an I/O thread; must not block.
using HttpHandler = std::function<HttpResponse(HttpRequest&&)>;

/// An HTTP/1.1 server on Boost.Beast, after Beast's advanced server: one
/// strand per connection, keep-alive, a body limit and a deadline on every
/// read, error codes rather than exceptions on the data path. Thread-safe:
/// the io_context may be run by many threads.
class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, HttpLimits limits,
             HttpHandler handler);
  ~HttpServer();

  /// Binds and starts accepting. Throws boost::system::system_error when
  /// the address cannot be bound (start-up only).
  void Listen(const std::string& host, uint16_t port);
  /// The bound port (useful with port 0).
  uint16_t port() const;
  /// Stops accepting; open connections finish their current request.
  void Stop();
  const ConnectionStats& stats() const { return *stats_; }

 private:
  class Listener;
  boost::asio::io_context& ioc_;
  std::shared_ptr<const HttpLimits> limits_;
  std::shared_ptr<const HttpHandler> handler_;
  std::shared_ptr<ConnectionStats> stats_;
  std::shared_ptr<Listener> listener_;
};

/// micrometrics_http_connections{listener} and
/// micrometrics_http_connections_closed_total{listener,reason} of the
/// daemon's listeners (main, and metrics when it has its own port).
class ListenerSeries final : public Collectable {
 public:
  /// Before serving; `server` outlives this.
  void Add(std::string listener, const HttpServer& server);
  void Collect(TextWriter& out) const override;

 private:
  std::vector<std::pair<std::string, const HttpServer*>> listeners_;
};

}  // namespace micrometrics::daemon
