#include "metrics/examples.h"

#include "metrics/evaluators/pii.h"

namespace micrometrics::metrics {
namespace {

// The first `max_chars` code points of valid UTF-8 (a prefix in bytes).
size_t PrefixBytes(std::string_view s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) return i;
      ++chars;
    }
  }
  return s.size();
}

}  // namespace

std::string ExampleText(const Event& event, size_t max_chars) {
  const std::string* source = event.output  ? &*event.output
                              : event.input ? &*event.input
                                            : nullptr;
  if (!source) return {};
  std::string_view text = *source;
  // Redact a window a little longer than what is shown, so that a piece of
  // personal data across the cut is still recognised as a whole.
  constexpr size_t kMargin = 256;
  const size_t window = PrefixBytes(text, max_chars + kMargin);
  std::string redacted = RedactPii(text.substr(0, window), {"US"});
  const size_t keep = PrefixBytes(redacted, max_chars);
  if (keep < redacted.size() || window < text.size()) {
    redacted.resize(keep);
    redacted += "...";
  }
  return redacted;
}

}  // namespace micrometrics::metrics
