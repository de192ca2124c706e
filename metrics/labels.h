#pragma once

#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "metrics/event.h"

namespace micrometrics::metrics {

/// The label value that stands for every value past a label's limit.
inline constexpr std::string_view kOtherLabelValue = "__other__";

/// Label values longer than this are reported as "__other__".
inline constexpr size_t kMaxLabelValueBytes = 256;

/// Conversation depth as a label: "1", "2", "3-5", "6-10", "11+" (or "" for
/// turns below 1), so fail rates by depth stay cheap.
std::string_view TurnBucket(int64_t turn);

/// The Prometheus label name for a label field: the field name itself, or KEY
/// for `attributes.KEY`.
std::string LabelNameForField(std::string_view field);

/// The allow-list of event fields that become Prometheus labels, and the cap
/// on distinct values per label. Values past the cap are reported as
/// "__other__". Thread-safe: admitted values are kept in a set per label under
/// a shared mutex (readers do not block each other).
class LabelSchema {
 public:
  LabelSchema(std::vector<std::string> fields, size_t max_values);

  /// Label names in the order of the fields.
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<std::string>& fields() const { return fields_; }

  /// The label values of `event`, limited. `overflowed` (optional) gets one
  /// entry per label whose value was turned into "__other__".
  std::vector<std::string> Values(const Event& event,
                                  std::vector<size_t>* overflowed = nullptr);

 private:
  bool Admit(size_t label, const std::string& value);

  std::vector<std::string> fields_;
  std::vector<std::string> names_;
  size_t max_values_;
  struct Admitted {
    std::shared_mutex mu;
    std::unordered_set<std::string> values;
  };
  std::vector<Admitted> admitted_;
};

}  // namespace micrometrics::metrics
