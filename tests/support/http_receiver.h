#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace micrometrics::testing {

/// A webhook receiver on 127.0.0.1:0 for tests: records every request body
/// and answers with the next status of a script (the last one repeats), or
/// hangs without answering while `hang` is set.
class HttpReceiver {
 public:
  explicit HttpReceiver(std::vector<int> statuses = {200});
  ~HttpReceiver();

  int port() const { return port_; }
  std::vector<std::string> bodies() const;
  /// Waits until at least `n` requests arrived.
  bool WaitForRequests(size_t n, std::chrono::milliseconds timeout);
  std::atomic<bool> hang{false};

 private:
  void Serve();
  struct Impl;
  Impl* impl_;
  int port_ = 0;
  std::vector<int> statuses_;
  mutable std::mutex mu_;
  std::vector<std::string> bodies_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

}  // namespace micrometrics::testing
