#pragma once

#include <cstddef>
#include <cstdint>
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

/// The code point at byte `i` of `s` and, in `*len`, its length in bytes,
/// for hot loops over text already checked at ingest: lenient, no check of
/// continuation bytes; a lone or cut-off lead byte is U+FFFD of length 1.
inline uint32_t DecodeUtf8(std::string_view s, size_t i, size_t* len) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return *len = 1, b;
  if ((b & 0xE0) == 0xC0 && i + 1 < s.size()) {
    *len = 2;
    return ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if ((b & 0xF0) == 0xE0 && i + 2 < s.size()) {
    *len = 3;
    return ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  }
  if ((b & 0xF8) == 0xF0 && i + 3 < s.size()) {
    *len = 4;
    return ((b & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) |
           ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
  }
  *len = 1;
  return 0xFFFD;
}

/// Writes `cp` as UTF-8 to `out` (room for 4 bytes); returns its length.
size_t EncodeUtf8(uint32_t cp, char* out);

/// Number of whitespace-separated words.
size_t CountWords(std::string_view utf8);

/// True when `s` holds nothing but ASCII or Unicode white space.
bool IsBlank(std::string_view utf8);

}  // namespace micrometrics::metrics
