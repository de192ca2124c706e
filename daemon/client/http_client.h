#pragma once

#include <utility>  // before asio headers: Boost 1.74's awaitable needs it
// clang-format off
#include <boost/asio/awaitable.hpp>
// clang-format on
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/http_url.h"

namespace micrometrics::daemon {

/// One outgoing request.
struct HttpCall {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target = "/";
  std::string body;
  std::string content_type;   ///< set when there is a body
  std::string authorization;  ///< the whole header value, e.g. "Bearer x"
  std::string user_agent = "micrometricsd";
  /// For each of resolve+connect, write and read.
  std::chrono::milliseconds timeout{10000};
  /// Bodies of answers longer than this fail the call.
  size_t max_body_bytes = 16 * 1024 * 1024;
  /// https: a PEM file of the CAs to trust instead of the system's (read
  /// once per process).
  std::string ca_file;
  /// More request headers, e.g. Azure OpenAI's {"api-key", KEY}.
  std::vector<std::pair<std::string, std::string>> headers;
};

/// What became of a call: a status and body, or why there is none.
struct HttpReply {
  unsigned status = 0;  ///< 0 when `error` is set
  std::string body;
  std::string error;  ///< connection, timeout or protocol error
  /// The wait the server asked for: `retry-after-ms` (OpenAI, Azure) or
  /// `Retry-After` in seconds; nullopt when absent or an HTTP date.
  std::optional<std::chrono::milliseconds> retry_after;
};

/// The one HTTP client of the daemon (notifiers, judges, `report --url`):
/// a request on a connection of its own, with a deadline on every step, on
/// Boost.Beast; https with OpenSSL (TLS 1.2 or later, the server's
/// certificate checked against the system's CAs or `ca_file`, and against
/// the URL's host name or IP address; SNI for names). Never throws; errors
/// come back in the reply ("certificate verify failed"). Run it on a strand
/// (or an io_context of one thread): the deadline's timer and the reads and
/// writes complete as separate handlers on the same stream.
boost::asio::awaitable<HttpReply> Fetch(config::HttpUrl url, HttpCall call);

/// Fetch on a private io_context, blocking until it is done (command-line
/// tools).
HttpReply FetchBlocking(const config::HttpUrl& url, const HttpCall& call);

}  // namespace micrometrics::daemon
