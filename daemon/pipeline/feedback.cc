#include "daemon/pipeline/feedback.h"

#include <chrono>
#include <map>

namespace micrometrics::daemon {

FeedbackLabels::FeedbackLabels(const config::FeedbackConfig& config,
                               std::vector<std::string> label_names)
    : label_names_(std::move(label_names)),
      by_event_(config.max_entries, config.ttl),
      by_conversation_(config.max_entries, config.ttl),
      feedback_(&prometheus::BuildCounter()
                     .Name(series::kFeedback.str())
                     .Help(std::string(series::kFeedback.help))
                     .Register(registry_)),
      unmatched_(&prometheus::BuildCounter()
                      .Name(series::kFeedbackUnmatched.str())
                      .Help(std::string(series::kFeedbackUnmatched.help))
                      .Register(registry_)) {}

void FeedbackLabels::Remember(const metrics::Event& event,
                              const std::vector<std::string>& label_values) {
  const auto now = std::chrono::steady_clock::now();
  if (!event.id.empty()) by_event_.Remember(event.id, label_values, now);
  if (!event.conversation_id.empty()) {
    by_conversation_.Remember(event.conversation_id, label_values, now);
  }
}

std::optional<std::vector<std::string>> FeedbackLabels::Find(
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

void FeedbackLabels::Count(const std::string& kind,
                           const std::vector<std::string>* label_values) {
  std::map<std::string, std::string> labels;
  for (size_t i = 0; i < label_names_.size(); ++i) {
    labels.emplace(label_names_[i], label_values && i < label_values->size()
                                        ? (*label_values)[i]
                                        : std::string());
  }
  if (!label_values) unmatched_->Add({{"kind", kind}}).Increment();
  labels["kind"] = kind;
  feedback_->Add(labels).Increment();
}

void FeedbackLabels::Collect(TextWriter& out) const {
  WriteFamilies(out, registry_.Collect());
  WriteSingle(out, series::kFeedbackJoinEvictions,
              static_cast<double>(evictions()));
}

}  // namespace micrometrics::daemon
