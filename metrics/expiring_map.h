#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace micrometrics::metrics {

/// A map from string keys to values that forgets: bounded in entries (the
/// least recently used go first) and expiring after a time to live. Time is
/// passed in, so tests need no sleeps. Thread-safe: 16 shards, each guarded
/// by its own mutex.
template <typename Value>
class ExpiringMap {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  ExpiringMap(size_t capacity, std::chrono::milliseconds ttl)
      : shard_capacity_(std::max<size_t>(1, capacity / kShards)), ttl_(ttl) {}

  void Remember(std::string_view key, Value value, TimePoint now) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.entries.find(std::string(key));
    if (it != shard.entries.end()) {
      it->second.value = std::move(value);
      it->second.expires = now + ttl_;
      shard.lru.splice(shard.lru.begin(), shard.lru, it->second.lru);
      return;
    }
    while (shard.entries.size() >= shard_capacity_) {
      shard.entries.erase(shard.lru.back());
      shard.lru.pop_back();
      ++shard.evictions;
    }
    shard.lru.emplace_front(key);
    shard.entries.emplace(std::string(key), Entry{std::move(value), now + ttl_,
                                                  shard.lru.begin()});
  }

  /// Changes the value of `key` in place, atomically: `change(Value&)` sees
  /// the remembered value (a default one when unknown or expired) and
  /// returns whether to keep it; a kept value's time to live starts anew.
  template <typename Change>
  void Update(std::string_view key, TimePoint now, Change&& change) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.entries.find(std::string(key));
    if (it != shard.entries.end() && it->second.expires <= now) {
      shard.lru.erase(it->second.lru);
      shard.entries.erase(it);
      it = shard.entries.end();
    }
    if (it == shard.entries.end()) {
      Value value{};
      if (!change(value)) return;
      while (shard.entries.size() >= shard_capacity_) {
        shard.entries.erase(shard.lru.back());
        shard.lru.pop_back();
        ++shard.evictions;
      }
      shard.lru.emplace_front(key);
      shard.entries.emplace(
          std::string(key),
          Entry{std::move(value), now + ttl_, shard.lru.begin()});
      return;
    }
    if (!change(it->second.value)) {
      shard.lru.erase(it->second.lru);
      shard.entries.erase(it);
      return;
    }
    it->second.expires = now + ttl_;
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second.lru);
  }

  /// The value, or nullopt when unknown or expired.
  std::optional<Value> Recall(std::string_view key, TimePoint now) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.entries.find(std::string(key));
    if (it == shard.entries.end()) return std::nullopt;
    if (it->second.expires <= now) {
      shard.lru.erase(it->second.lru);
      shard.entries.erase(it);
      return std::nullopt;
    }
    return it->second.value;
  }

  size_t size() const {
    size_t n = 0;
    for (const auto& shard : shards_) {
      std::lock_guard lock(shard.mu);
      n += shard.entries.size();
    }
    return n;
  }

  /// Entries dropped to stay within capacity, since construction.
  size_t evictions() const {
    size_t n = 0;
    for (const auto& shard : shards_) {
      std::lock_guard lock(shard.mu);
      n += shard.evictions;
    }
    return n;
  }

 private:
  struct Entry {
    Value value;
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
  Shard& ShardFor(std::string_view key) {
    return shards_[std::hash<std::string_view>{}(key) % kShards];
  }

  size_t shard_capacity_;
  std::chrono::milliseconds ttl_;
  std::array<Shard, kShards> shards_;
};

}  // namespace micrometrics::metrics
