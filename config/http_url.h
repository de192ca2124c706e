#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace micrometrics::config {

/// An http:// or https:// URL split for a request: the one URL parser of
/// the project (notifier urls, `report --url`, a judge's endpoint).
struct HttpUrl {
  bool tls = false;       ///< https
  std::string host;       ///< without the brackets of an IPv6 address
  std::string port;       ///< "80" (http) or "443" (https) when not named
  std::string target;     ///< path and query; "/" when the URL has none
  std::string authority;  ///< host[:port] as written, for the Host header

  /// `target` with `path` appended, a '/' between them exactly once
  /// (Alertmanager's base URL + "/api/v2/alerts").
  std::string Join(std::string_view path) const;
  bool operator==(const HttpUrl&) const = default;
};

/// Parses "http[s]://HOST[:PORT][/PATH]" (HOST may be "[IPv6]"). On
/// failure, nullopt and `*error` says what is wrong ("must start with
/// http:// or https://", "has no host", "has a bad port").
std::optional<HttpUrl> ParseHttpUrl(std::string_view url, std::string* error);

}  // namespace micrometrics::config
