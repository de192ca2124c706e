#include "config/http_url.h"

#include <charconv>

namespace micrometrics::config {

std::string HttpUrl::Join(std::string_view path) const {
  std::string out = target;
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (!path.starts_with('/')) out += '/';
  out += path;
  return out;
}

std::optional<HttpUrl> ParseHttpUrl(std::string_view url, std::string* error) {
  HttpUrl u;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
    u.tls = true;
  } else {
    *error = "must start with http:// or https://";
    return std::nullopt;
  }
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  u.authority = std::string(authority);
  u.target =
      slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (u.target.starts_with('?')) u.target.insert(0, "/");
  if (const size_t hash = u.target.find('#'); hash != std::string::npos) {
    u.target.erase(hash);
    if (u.target.empty()) u.target = "/";
  }
  if (authority.find('@') != std::string_view::npos) {
    *error = "must not hold user information";
    return std::nullopt;
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      *error = "has an unclosed '[' in its host";
      return std::nullopt;
    }
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) {
        *error = "has text after ']' that is not a port";
        return std::nullopt;
      }
      port = after.substr(1);
    }
  } else if (const size_t colon = authority.rfind(':');
             colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) {
    *error = "has no host";
    return std::nullopt;
  }
  u.host = std::string(host);
  if (port.empty() && authority.ends_with(':')) {
    *error = "has an empty port";
    return std::nullopt;
  }
  if (!port.empty()) {
    unsigned n = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
    if (ec != std::errc() || end != port.data() + port.size() || n == 0 ||
        n > 65535) {
      *error = "has a bad port '" + std::string(port) + "'";
      return std::nullopt;
    }
    u.port = std::string(port);
  } else {
    u.port = u.tls ? "443" : "80";
  }
  return u;
}

}  // namespace micrometrics::config
