#include "metrics/language/prose.h"

#include <re2/re2.h>

#include <array>
#include <cstdint>

#include "metrics/text/text.h"

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

// What a byte is to the scan in ExtractProse.
enum ByteClass : uint8_t {
  kLetter,   // and other bytes of words no NonProse() alternative needs
  kSpace,    // ASCII white space
  kSpecial,  // needed inside some match: a URL's ':', an address's '@',
             // markdown's '*', code's '`', a digit, ...
  kDot,      // special before more of the word: dotted.names, www.
};

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : std::string_view(" \n\t\r\f\v")) t[c] = kSpace;
  for (unsigned char c : std::string_view("`~:@<>[]()_#*|={}\\^/%")) {
    t[c] = kSpecial;
  }
  for (unsigned char c = '0'; c <= '9'; ++c) t[c] = kSpecial;
  t['.'] = kDot;
  return t;
}();

uint8_t ClassOf(char c) { return kByteClass[static_cast<unsigned char>(c)]; }

// Appends a run without white space, whole when it fits, else the
// characters that fit; false once `max_bytes` is hit.
bool AppendWord(std::string_view word, size_t max_bytes, std::string& out) {
  if (out.size() + word.size() <= max_bytes) {
    out.append(word);
    return true;
  }
  for (size_t i = 0; i < word.size();) {
    size_t len = 1;
    DecodeUtf8(word, i, &len);
    if (out.size() + len > max_bytes) return false;
    out.append(word.substr(i, len));
    i += len;
  }
  return true;
}

void AppendSpace(std::string& out) {
  if (!out.empty() && out.back() != ' ') out += ' ';
}

// Appends `piece` with white space collapsed; false once `max_bytes` is hit.
bool AppendCollapsed(std::string_view piece, size_t max_bytes,
                     std::string& out) {
  for (size_t i = 0; i < piece.size();) {
    if (ClassOf(piece[i]) == kSpace) {
      AppendSpace(out);
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < piece.size() && ClassOf(piece[end]) != kSpace) ++end;
    if (!AppendWord(piece.substr(i, end - i), max_bytes, out)) return false;
    i = end;
  }
  return true;
}

}  // namespace

// One pass: words that no NonProse() alternative can match in (letters and
// ordinary punctuation, most of any prose) are copied as they come; the
// regular expression runs only from the white space before a word that
// holds a special character (or starts with '-', a command-line flag).
// That finds every match the expression would find from the start, so the
// output is the same, at a fraction of the cost.
std::string ExtractProse(std::string_view text, size_t max_bytes) {
  std::string out;
  ExtractProse(text, max_bytes, out);
  return out;
}

void ExtractProse(std::string_view text, size_t max_bytes, std::string& out) {
  out.clear();
  out.reserve(std::min(text.size(), max_bytes) + 1);
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  const size_t n = text.size();
  size_t pos = 0;
  bool room = true;  // false once max_bytes is reached
  while (room && pos < n) {
    size_t i = pos;
    size_t from = n;  // where the expression must search from
    while (room && i < n) {
      const size_t space = i;
      while (i < n && ClassOf(text[i]) == kSpace) ++i;
      if (i > space) AppendSpace(out);
      if (i == n) break;
      const size_t word = i;
      bool special = text[i] == '-';
      for (; i < n && !special; ++i) {
        const uint8_t c = ClassOf(text[i]);
        if (c == kSpace) break;
        special = c == kSpecial ||
                  (c == kDot && i + 1 < n && ClassOf(text[i + 1]) != kSpace);
      }
      if (special) {
        from = space;
        break;
      }
      room = AppendWord(text.substr(word, i - word), max_bytes, out);
    }
    if (!room || from == n) break;
    if (!NonProse().Match(input, from, n, RE2::UNANCHORED, &match, 1)) {
      AppendCollapsed(text.substr(from), max_bytes, out);
      break;
    }
    const auto start = static_cast<size_t>(match.data() - text.data());
    room = AppendCollapsed(text.substr(from, start - from), max_bytes, out);
    if (room) AppendSpace(out);
    pos = start + std::max<size_t>(match.size(), 1);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
}

size_t LetterWeight(std::string_view utf8) {
  size_t weight = 0;
  for (size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {  // without decoding
      const char c = static_cast<char>(utf8[i++] | 0x20);
      weight += c >= 'a' && c <= 'z';
      continue;
    }
    size_t len = 1;
    uint32_t cp = DecodeUtf8(utf8, i, &len);
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
