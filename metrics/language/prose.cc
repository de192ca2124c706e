#include "metrics/language/prose.h"

#include <re2/re2.h>

#include <cstdint>

namespace micrometrics::metrics {
namespace {

// One pass over the text: everything that is not prose, in one alternation.
const RE2& NonProse() {
  static const RE2 re(
      "(?s)```.*?(?:```|\\z)"              // fenced code
      "|~~~.*?(?:~~~|\\z)"                 // fenced code, tildes
      "|`[^`\\n]*`"                        // inline code
      "|(?i:https?|ftp)://\\S+"            // URLs
      "|(?i:www\\.)\\S+"                   //
      "|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"  // e-mail addresses
      "|</?[a-zA-Z][^>\\n]*>"              // HTML tags
      "|\\]\\([^)\\s]*\\)"                 // markdown link targets
      "|(?:^|\\s)--?[A-Za-z][\\w-]*"       // command-line flags
      "|\\w*_\\w*"                         // snake_case identifiers
      "|\\w+(?:\\.\\w+)+(?:\\(\\))?"       // file.names, dotted.paths, f()
      "|[#*_>|~=\\[\\]{}\\\\^]+"           // markdown syntax
      "|[+-]?\\d[\\d.,:/%-]*"              // numbers, dates, times
  );
  return re;
}

uint32_t DecodeAt(std::string_view s, size_t i, size_t* len) {
  auto b = static_cast<unsigned char>(s[i]);
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

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
         c == '\v';
}

// Appends `piece` with white space collapsed; false once `max_bytes` is hit.
bool AppendCollapsed(std::string_view piece, size_t max_bytes,
                     std::string& out) {
  for (size_t i = 0; i < piece.size();) {
    size_t len = 1;
    DecodeAt(piece, i, &len);
    if (IsAsciiSpace(piece[i])) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      ++i;
      continue;
    }
    if (out.size() + len > max_bytes) return false;
    out.append(piece.substr(i, len));
    i += len;
  }
  return true;
}

}  // namespace

std::string ExtractProse(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 1);
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  size_t pos = 0;
  while (pos < text.size() && NonProse().Match(input, pos, text.size(),
                                               RE2::UNANCHORED, &match, 1)) {
    size_t start = static_cast<size_t>(match.data() - text.data());
    if (!AppendCollapsed(text.substr(pos, start - pos), max_bytes, out)) {
      return out;
    }
    if (!out.empty() && out.back() != ' ') out += ' ';
    pos = start + std::max<size_t>(match.size(), 1);
  }
  if (pos < text.size()) AppendCollapsed(text.substr(pos), max_bytes, out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

size_t LetterWeight(std::string_view utf8) {
  size_t weight = 0;
  for (size_t i = 0; i < utf8.size();) {
    size_t len = 1;
    uint32_t cp = DecodeAt(utf8, i, &len);
    i += len;
    if (cp < 0x80) {
      weight += (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    } else if ((cp >= 0x2E80 && cp <= 0x9FFF) ||
               (cp >= 0xAC00 && cp <= 0xD7AF) ||
               (cp >= 0xF900 && cp <= 0xFAFF)) {
      weight += 3;  // CJK, kana, Hangul
    } else if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 &&
               !(cp >= 0x2000 && cp <= 0x2BFF) &&
               !(cp >= 0x3000 && cp <= 0x303F)) {
      weight += 1;  // letters of other scripts (punctuation blocks excluded)
    }
  }
  return weight;
}

}  // namespace micrometrics::metrics
