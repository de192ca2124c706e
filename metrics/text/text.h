#pragma once

#include <cstddef>
#include <string_view>

namespace micrometrics::metrics {

/// Byte offset of the first invalid UTF-8 sequence in `s`, or npos when `s`
/// is valid UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
size_t FindInvalidUtf8(std::string_view s);

/// Number of Unicode code points in valid UTF-8 text.
size_t CountCodePoints(std::string_view utf8);

/// The length in bytes of the first `max_chars` code points of valid UTF-8
/// (all of it when shorter): where to cut without splitting a character.
size_t Utf8PrefixBytes(std::string_view utf8, size_t max_chars);

/// Number of whitespace-separated words.
size_t CountWords(std::string_view utf8);

/// True when `s` holds nothing but ASCII or Unicode white space.
bool IsBlank(std::string_view utf8);

}  // namespace micrometrics::metrics
