#pragma once

#include <map>
#include <string>
#include <vector>

namespace micrometrics::testing {

/// A response as a test sees it; header names are lower case.
struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
};

/// One HTTP/1.1 request to 127.0.0.1:port on a fresh connection.
/// Throws std::runtime_error on connection failures.
HttpReply HttpCall(int port, const std::string& method,
                   const std::string& target, const std::string& body = {},
                   const std::string& content_type = {},
                   const std::map<std::string, std::string>& headers = {});

/// Several requests on one keep-alive connection, in order.
std::vector<HttpReply> HttpCallsOnOneConnection(
    int port, const std::vector<std::string>& targets);

inline HttpReply PostJson(int port, const std::string& target,
                          const std::string& body) {
  return HttpCall(port, "POST", target, body, "application/json");
}

/// A port on 127.0.0.1 that was free a moment ago.
int FreePort();

}  // namespace micrometrics::testing
