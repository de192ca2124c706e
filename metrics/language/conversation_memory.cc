#include "metrics/language/conversation_memory.h"

#include <functional>

namespace micrometrics::metrics {

ConversationMemory::ConversationMemory(size_t capacity,
                                       std::chrono::milliseconds ttl)
    : shard_capacity_(std::max<size_t>(1, capacity / kShards)), ttl_(ttl) {}

ConversationMemory::Shard& ConversationMemory::ShardFor(std::string_view id) {
  return shards_[std::hash<std::string_view>{}(id) % kShards];
}

void ConversationMemory::Remember(std::string_view conversation_id,
                                  std::string language, TimePoint now) {
  Shard& shard = ShardFor(conversation_id);
  std::lock_guard lock(shard.mu);
  auto it = shard.entries.find(std::string(conversation_id));
  if (it != shard.entries.end()) {
    it->second.language = std::move(language);
    it->second.expires = now + ttl_;
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second.lru);
    return;
  }
  while (shard.entries.size() >= shard_capacity_) {
    shard.entries.erase(shard.lru.back());
    shard.lru.pop_back();
    ++shard.evictions;
  }
  shard.lru.emplace_front(conversation_id);
  shard.entries.emplace(
      std::string(conversation_id),
      Entry{std::move(language), now + ttl_, shard.lru.begin()});
}

std::optional<std::string> ConversationMemory::Recall(
    std::string_view conversation_id, TimePoint now) {
  Shard& shard = ShardFor(conversation_id);
  std::lock_guard lock(shard.mu);
  auto it = shard.entries.find(std::string(conversation_id));
  if (it == shard.entries.end()) return std::nullopt;
  if (it->second.expires <= now) {
    shard.lru.erase(it->second.lru);
    shard.entries.erase(it);
    return std::nullopt;
  }
  return it->second.language;
}

size_t ConversationMemory::size() const {
  size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.entries.size();
  }
  return n;
}

size_t ConversationMemory::evictions() const {
  size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.evictions;
  }
  return n;
}

}  // namespace micrometrics::metrics
