#pragma once

#include <boost/beast/http.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace micrometrics::daemon {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

/// A JSON response with the given status and body.
HttpResponse JsonResponse(http::status status, std::string body,
                          unsigned version = 11, bool keep_alive = true);

/// The contract's error shape: {"error":"...","detail":...}. `detail_json`
/// is raw JSON (an object, or empty for none).
HttpResponse ErrorResponse(http::status status, std::string_view error,
                           std::string_view detail_json = {},
                           unsigned version = 11, bool keep_alive = true);

/// Escapes a string for a JSON document, with quotes.
std::string JsonString(std::string_view s);

/// Whether an Accept-Encoding header value accepts gzip (and not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

/// Compresses a stream of chunks into gzip, appended to `out`, one chunk at
/// a time (fast level: the point is fewer bytes on the wire and in memory,
/// at little CPU).
class GzipWriter {
 public:
  explicit GzipWriter(std::string& out);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void Write(std::string_view chunk);
  /// Ends the stream (the gzip trailer); nothing may be written after it.
  void Finish();

 private:
  void Deflate(std::string_view chunk, int flush);

  std::string& out_;
  struct State;
  std::unique_ptr<State> state_;
  bool finished_ = false;
};

}  // namespace micrometrics::daemon
