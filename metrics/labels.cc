#include "metrics/labels.h"

namespace micrometrics::metrics {

std::string_view TurnBucket(int64_t turn) {
  if (turn < 1) return "";
  if (turn == 1) return "1";
  if (turn == 2) return "2";
  if (turn <= 5) return "3-5";
  if (turn <= 10) return "6-10";
  return "11+";
}

std::string LabelNameForField(std::string_view field) {
  constexpr std::string_view kPrefix = "attributes.";
  if (field.starts_with(kPrefix)) field.remove_prefix(kPrefix.size());
  return std::string(field);
}

LabelSchema::LabelSchema(std::vector<std::string> fields, size_t max_values)
    : fields_(std::move(fields)),
      max_values_(max_values),
      admitted_(fields_.size()) {
  for (const auto& f : fields_) names_.push_back(LabelNameForField(f));
}

bool LabelSchema::Admit(size_t label, const std::string& value) {
  Admitted& a = admitted_[label];
  {
    std::shared_lock lock(a.mu);
    if (a.values.contains(value)) return true;
    if (a.values.size() >= max_values_) return false;
  }
  std::unique_lock lock(a.mu);
  if (a.values.contains(value)) return true;
  if (a.values.size() >= max_values_) return false;
  a.values.insert(value);
  return true;
}

std::vector<std::string> LabelSchema::Values(const Event& event,
                                             std::vector<size_t>* overflowed) {
  std::vector<std::string> values;
  values.reserve(fields_.size());
  for (size_t i = 0; i < fields_.size(); ++i) {
    std::string v;
    if (fields_[i] == "turn") {
      if (event.turn) v = TurnBucket(*event.turn);
    } else {
      v = event.Field(fields_[i]).value_or("");
    }
    // A value longer than any name, version or route would be (a whole
    // prompt pasted into `route`) is not a label: it counts as overflow.
    if (!v.empty() && (v.size() > kMaxLabelValueBytes || !Admit(i, v))) {
      v = kOtherLabelValue;
      if (overflowed) overflowed->push_back(i);
    }
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace micrometrics::metrics
