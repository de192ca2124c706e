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

/// The text without what it quotes: passages in quotation marks ("...",
/// “...”, „...“, «...», 「...」, 『...』; up to 1,000 bytes, within one
/// paragraph, four words or more) and markdown block quotes ("> ..." lines)
/// become a space, since quoted words are in someone else's language. A text
/// wrapped whole in quotation marks is kept. Returns `text` itself when
/// nothing is removed, or when fewer than `min_letters` letters
/// (LetterWeight) would be left, and then sets `*mostly_quoted` if given;
/// else a view of `buffer`.
std::string_view WithoutQuotations(std::string_view text, size_t min_letters,
                                   std::string& buffer,
                                   bool* mostly_quoted = nullptr);

/// How much language evidence a text holds, in "letters": letters count 1,
/// CJK ideographs, kana and Hangul count 3 (one carries about a word).
size_t LetterWeight(std::string_view utf8);
/// Whether LetterWeight(utf8) >= n, reading only as far as it needs to.
bool LetterWeightAtLeast(std::string_view utf8, size_t n);

}  // namespace micrometrics::metrics
