#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "metrics/event.h"
#include "metrics/expiring_map.h"

namespace micrometrics::daemon {

/// Remembers the label values of recent events by event id and by
/// conversation id, so that feedback arriving later (a thumbs-down, an
/// escalation) counts under the same labels as the event it is about.
/// Bounded and expiring (feedback.max_entries, feedback.ttl). Thread-safe.
class FeedbackLabels {
 public:
  explicit FeedbackLabels(const config::FeedbackConfig& config)
      : by_event_(config.max_entries, config.ttl),
        by_conversation_(config.max_entries, config.ttl) {}

  void Remember(const metrics::Event& event,
                const std::vector<std::string>& label_values) {
    const auto now = std::chrono::steady_clock::now();
    if (!event.id.empty()) by_event_.Remember(event.id, label_values, now);
    if (!event.conversation_id.empty()) {
      by_conversation_.Remember(event.conversation_id, label_values, now);
    }
  }

  /// The labels of the event, else of the conversation's latest event.
  std::optional<std::vector<std::string>> Find(
      const std::string& event_id, const std::string& conversation_id) {
    const auto now = std::chrono::steady_clock::now();
    if (!event_id.empty()) {
      if (auto v = by_event_.Recall(event_id, now)) return v;
    }
    if (!conversation_id.empty()) {
      return by_conversation_.Recall(conversation_id, now);
    }
    return std::nullopt;
  }

  size_t evictions() const {
    return by_event_.evictions() + by_conversation_.evictions();
  }

 private:
  metrics::ExpiringMap<std::vector<std::string>> by_event_;
  metrics::ExpiringMap<std::vector<std::string>> by_conversation_;
};

}  // namespace micrometrics::daemon
