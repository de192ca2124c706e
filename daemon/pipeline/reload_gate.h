#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace micrometrics::daemon {

/// Lets a config reload swap the metric set while nothing evaluates with it.
/// Everything that reads the reloadable state (workers per batch, /v1/check,
/// feedback, the alert timer, the JSON APIs) holds a Reader; the reload holds
/// the Writer while it swaps. Writers go first: once one waits, new readers
/// wait too, so a busy pool cannot starve a reload, and the swap waits for at
/// most one batch per worker. Ingest (/v1/events) never takes the gate.
/// Not recursive: a thread holding a Reader must not take another.
class ReloadGate {
 public:
  class Reader {
   public:
    explicit Reader(ReloadGate& gate) : gate_(gate) {
      std::unique_lock lock(gate_.mu_);
      gate_.cv_.wait(lock, [&] { return gate_.writers_ == 0; });
      ++gate_.readers_;
    }
    ~Reader() {
      std::lock_guard lock(gate_.mu_);
      if (--gate_.readers_ == 0) gate_.cv_.notify_all();
    }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    /// Bumped by every writer: a reader that cached anything derived from
    /// the previous generation (metric indices) must drop it.
    uint64_t generation() const { return gate_.generation_; }

   private:
    ReloadGate& gate_;
  };

  class Writer {
   public:
    explicit Writer(ReloadGate& gate) : gate_(gate) {
      std::unique_lock lock(gate_.mu_);
      ++gate_.writers_;
      gate_.cv_.wait(lock,
                     [&] { return gate_.readers_ == 0 && !gate_.writing_; });
      gate_.writing_ = true;
    }
    ~Writer() {
      std::lock_guard lock(gate_.mu_);
      ++gate_.generation_;
      gate_.writing_ = false;
      --gate_.writers_;
      gate_.cv_.notify_all();
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

   private:
    ReloadGate& gate_;
  };

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int readers_ = 0;
  int writers_ = 0;
  bool writing_ = false;
  uint64_t generation_ = 0;
};

}  // namespace micrometrics::daemon
