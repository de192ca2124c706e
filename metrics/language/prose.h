#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace micrometrics::metrics {

/// The prose of a reply, for language identification: code blocks and
/// inline code, URLs, e-mail addresses, HTML tags, markdown syntax and
/// numbers removed, white space collapsed. Stops after about `max_bytes` of
/// output (at a character boundary). Thread-safe.
std::string ExtractProse(std::string_view text, size_t max_bytes);
/// The same into `out` (cleared first), so a caller can keep one buffer
/// per thread instead of allocating per call.
void ExtractProse(std::string_view text, size_t max_bytes, std::string& out);

/// How much language evidence a text holds, in "letters": letters count 1,
/// CJK ideographs, kana and Hangul count 3 (one carries about a word).
size_t LetterWeight(std::string_view utf8);

}  // namespace micrometrics::metrics
