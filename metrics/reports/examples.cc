#include "metrics/reports/examples.h"

#include "metrics/pii/pii.h"
#include "metrics/text/text.h"

namespace micrometrics::metrics {
namespace {
// Redaction looks this far past the cut.
constexpr size_t kMargin = 256;
constexpr char kCut = '\x1f';
}  // namespace

std::string ExampleSource(const Event& event, size_t max_chars) {
  const std::string* text = event.output  ? &*event.output
                            : event.input ? &*event.input
                                          : nullptr;
  if (!text) return {};
  const size_t window = Utf8PrefixBytes(*text, max_chars + kMargin);
  std::string source = text->substr(0, window);
  if (window < text->size()) source += kCut;
  return source;
}

std::string RedactExample(const std::string& source, size_t max_chars) {
  std::string_view text = source;
  const bool cut = !text.empty() && text.back() == kCut;
  if (cut) text.remove_suffix(1);
  std::string redacted = RedactPii(text, {"US"});
  const size_t keep = Utf8PrefixBytes(redacted, max_chars);
  if (keep < redacted.size() || cut) {
    redacted.resize(keep);
    redacted += "...";
  }
  return redacted;
}

std::string ExampleText(const Event& event, size_t max_chars) {
  return RedactExample(ExampleSource(event, max_chars), max_chars);
}

void ExampleRing::Add(FailingExample example) {
  if (capacity_ == 0) return;
  if (items_.size() >= capacity_) items_.pop_front();
  items_.push_back(std::move(example));
}

void ExampleRing::AddOlder(std::vector<FailingExample> older) {
  for (auto it = older.rbegin();
       it != older.rend() && items_.size() < capacity_; ++it) {
    items_.push_front(std::move(*it));
  }
}

std::vector<FailingExample> ExampleRing::Newest(size_t limit) const {
  std::vector<FailingExample> out;
  for (auto it = items_.rbegin(); it != items_.rend() && out.size() < limit;
       ++it) {
    out.push_back(*it);
  }
  return out;
}

void ExampleRing::set_capacity(size_t capacity) {
  capacity_ = capacity;
  while (items_.size() > capacity_) items_.pop_front();
}

}  // namespace micrometrics::metrics
