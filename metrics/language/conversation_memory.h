#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace micrometrics::metrics {

/// The user's language per conversation, remembered for a while: bounded in
/// entries (least recently used go first) and expiring after a time to
/// live. Time is passed in, so tests need no sleeps. Thread-safe: 16 shards,
/// each guarded by its own mutex.
class ConversationMemory {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  ConversationMemory(size_t capacity, std::chrono::milliseconds ttl);

  void Remember(std::string_view conversation_id, std::string language,
                TimePoint now);
  /// The remembered language, or nullopt when unknown or expired.
  std::optional<std::string> Recall(std::string_view conversation_id,
                                    TimePoint now);
  size_t size() const;
  /// Entries dropped to stay within capacity, since construction.
  size_t evictions() const;

 private:
  struct Entry {
    std::string language;
    TimePoint expires;
    std::list<std::string>::iterator lru;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Entry> entries;
    std::list<std::string> lru;  // front: most recently used
    size_t evictions = 0;
  };
  static constexpr size_t kShards = 16;
  Shard& ShardFor(std::string_view id);

  size_t shard_capacity_;
  std::chrono::milliseconds ttl_;
  std::array<Shard, kShards> shards_;
};

}  // namespace micrometrics::metrics
