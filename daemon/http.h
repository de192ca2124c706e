#pragma once

#include <boost/beast/http.hpp>
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

}  // namespace micrometrics::daemon
