#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "daemon/exposition/collectable.h"
#include "metrics/event.h"
#include "metrics/expiring_map.h"

namespace micrometrics::daemon {

/// Remembers the label values of recent events by event id and by
/// conversation id, so that feedback arriving later (a thumbs-down, an
/// escalation) counts under the same labels as the event it is about.
/// Bounded and expiring (feedback.max_entries, feedback.ttl). Owns
/// micrometrics_feedback_total, _feedback_unmatched_total and
/// _feedback_join_evictions_total. Thread-safe.
class FeedbackLabels final : public Collectable {
 public:
  /// `label_names`: the configured labels, in the order of the values.
  FeedbackLabels(const config::FeedbackConfig& config,
                 std::vector<std::string> label_names);

  void Remember(const metrics::Event& event,
                const std::vector<std::string>& label_values);

  /// The labels of the event, else of the conversation's latest event.
  std::optional<std::vector<std::string>> Find(
      const std::string& event_id, const std::string& conversation_id);

  /// One feedback of `kind`, under the joined event's label values, or
  /// (nullptr) unmatched: counted with empty labels and as unmatched.
  void Count(const std::string& kind,
             const std::vector<std::string>* label_values);

  size_t evictions() const {
    return by_event_.evictions() + by_conversation_.evictions();
  }

  void Collect(TextWriter& out) const override;

 private:
  std::vector<std::string> label_names_;
  metrics::ExpiringMap<std::vector<std::string>> by_event_;
  metrics::ExpiringMap<std::vector<std::string>> by_conversation_;
  /// Labels known only at run time, counted at the rate of feedback:
  /// prometheus-cpp's families are enough.
  prometheus::Registry registry_;
  prometheus::Family<prometheus::Counter>* feedback_;
  prometheus::Family<prometheus::Counter>* unmatched_;
};

}  // namespace micrometrics::daemon
