#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace micrometrics::testing {

/// A webhook receiver (or a scripted API) on 127.0.0.1:0 for tests: records
/// every request and answers with the next status of a script (the last
/// one repeats) or what a responder says, one request at a time; it hangs
/// without answering while `hang` is set.
class HttpReceiver {
 public:
  struct Request {
    std::string target;
    std::string authorization;
    std::string body;
    std::chrono::steady_clock::time_point at;
  };
  struct Reply {
    int status = 200;
    std::string body = "{}";
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds delay{0};  ///< before answering
  };
  /// The n-th request (from 0) and the reply to it.
  using Responder = std::function<Reply(const Request&, size_t n)>;

  explicit HttpReceiver(std::vector<int> statuses = {200});
  explicit HttpReceiver(Responder responder);
  ~HttpReceiver();

  int port() const { return port_; }
  std::vector<std::string> bodies() const;
  std::vector<Request> requests() const;
  /// Waits until at least `n` requests arrived.
  bool WaitForRequests(size_t n, std::chrono::milliseconds timeout);
  std::atomic<bool> hang{false};

 private:
  void Serve();
  struct Impl;
  Impl* impl_;
  int port_ = 0;
  Responder responder_;
  mutable std::mutex mu_;
  std::vector<Request> requests_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

}  // namespace micrometrics::testing
