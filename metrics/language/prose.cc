#include "metrics/language/prose.h"

#include <re2/re2.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

#include "metrics/text/fixed_regex.h"
#include "metrics/text/text.h"

namespace micrometrics::metrics {
namespace {

// One pass over the text: everything that is not prose, in one alternation.
const RE2& NonProse() {
  static const FixedRegex re(
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

namespace {

// The quotation marks that open a quotation, and those that may close it.
struct QuoteMark {
  std::string_view open;
  std::string_view close[2];
};
constexpr QuoteMark kQuoteMarks[] = {
    {"\"", {"\"", {}}},
    {"\u201c", {"\u201d", "\u201c"}},  // “...”, and “...“ as typed
    {"\u201e", {"\u201c", "\u201d"}},  // German and Polish „...“
    {"\u00ab", {"\u00bb", {}}},        // French «...»
    {"\u00bb", {"\u00ab", {}}},        // German »...«
    {"\u300c", {"\u300d", {}}},
    {"\u300e", {"\u300f", {}}},
};
constexpr size_t kMaxQuotationBytes = 1000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where the quotation opened at `from` (just after its mark) ends, past its
// closing mark; npos when it does not close within one paragraph. A straight
// quote closes only after a non-space ("a" closes, " opens the next one),
// and opens only before one.
size_t QuotationEnd(std::string_view text, size_t from, const QuoteMark& mark) {
  const std::string_view span =
      text.substr(from, std::min(kMaxQuotationBytes, text.size() - from));
  const size_t paragraph = span.find("\n\n");
  if (mark.open == "\"") {
    if (span.empty() || IsSpace(span[0])) return std::string_view::npos;
    const size_t at = span.find('"');
    if (at == std::string_view::npos || at >= paragraph ||
        (at > 0 && IsSpace(span[at - 1]))) {
      return std::string_view::npos;
    }
    return from + at + 1;
  }
  size_t best = std::string_view::npos;
  for (std::string_view close : mark.close) {
    if (close.empty()) continue;
    const size_t at = span.find(close);
    if (at != std::string_view::npos && at < paragraph &&
        (best == std::string_view::npos || at + close.size() < best)) {
      best = at + close.size();
    }
  }
  return best == std::string_view::npos ? best : from + best;
}

// Long enough to be a sentence in its own language: at least four words.
// Shorter quotations are labels, titles and names, mostly in the language
// around them.
bool Sentence(std::string_view quotation) {
  int gaps = 0;
  for (size_t i = 1; i < quotation.size(); ++i) {
    gaps += quotation[i] == ' ' && quotation[i - 1] != ' ';
  }
  return gaps >= 3;
}

}  // namespace

std::string_view WithoutQuotations(std::string_view text, size_t min_letters,
                                   std::string& buffer, bool* mostly_quoted) {
  if (mostly_quoted) *mostly_quoted = false;
  // Where each opening mark, and each line starting with '>', comes next:
  // searched for whole (memchr, memmem), so that neither CJK text (whose
  // bytes start like 「) nor typographic apostrophes (like “) cost a step.
  constexpr size_t kMarks = std::size(kQuoteMarks);
  constexpr size_t kBlockQuote = kMarks;  // "\n>"
  size_t next[kMarks + 1];
  auto find_from = [&](size_t k, size_t from) {
    const std::string_view what =
        k == kBlockQuote ? std::string_view("\n>") : kQuoteMarks[k].open;
    // By the mark's last byte, then the bytes before it: a lead byte such as
    // 「's E3 starts every character of CJK text, its last byte few.
    const unsigned char last = static_cast<unsigned char>(what.back());
    for (size_t at = from + what.size() - 1; at < text.size(); ++at) {
      const void* hit = std::memchr(text.data() + at, last, text.size() - at);
      if (!hit) break;
      at = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
      if (text.compare(at + 1 - what.size(), what.size(), what) == 0) {
        return at + 1 - what.size();
      }
    }
    return text.size();
  };
  bool any = text.starts_with('>');
  for (size_t k = 0; k <= kMarks; ++k) {
    next[k] = find_from(k, 0);
    any = any || next[k] < text.size();
  }
  if (!any) return text;
  // A reply wrapped whole in quotation marks is still the reply.
  const size_t first = text.find_first_not_of(" \t\r\n");
  const size_t last = text.find_last_not_of(" \t\r\n");
  if (first == std::string_view::npos) return text;
  for (const QuoteMark& mark : kQuoteMarks) {
    if (text.compare(first, mark.open.size(), mark.open) == 0 &&
        QuotationEnd(text, first + mark.open.size(), mark) == last + 1) {
      return text;
    }
  }
  // Guillemets point in or out by language: French «...», German »...«.
  // The first one in the text tells which; the other reading is skipped.
  constexpr size_t kFrench = 3, kGerman = 4;  // in kQuoteMarks
  const size_t skipped = next[kGerman] < next[kFrench] ? kFrench : kGerman;
  next[skipped] = text.size();
  buffer.clear();
  bool removed = false;
  size_t copied = 0;  // text[0, copied) is in buffer, or set aside
  auto set_aside = [&](size_t from, size_t to) {
    buffer.append(text.substr(copied, from - copied));
    buffer += ' ';
    copied = to;
    removed = true;
  };
  auto line_end = [&](size_t from) {
    const size_t end = text.find('\n', from);
    return end == std::string_view::npos ? text.size() : end;
  };
  size_t i = 0;
  if (text.starts_with('>')) {
    i = line_end(0);
    set_aside(0, i);
  }
  while (i < text.size()) {
    size_t k_near = 0;  // the straight quote; never the skipped guillemet
    for (size_t k = 0; k <= kMarks; ++k) {
      if (k == skipped) continue;
      if (next[k] < i) next[k] = find_from(k, i);
      if (next[k] < next[k_near]) k_near = k;
    }
    i = next[k_near];
    if (i >= text.size()) break;
    if (k_near == kBlockQuote) {  // a block quote line
      const size_t end = line_end(i + 1);
      set_aside(i + 1, end);
      i = end;
      continue;
    }
    const QuoteMark& mark = kQuoteMarks[k_near];
    const size_t end = QuotationEnd(text, i + mark.open.size(), mark);
    if (end == std::string_view::npos) {  // unclosed: the mark is kept
      i += mark.open.size();
    } else if (!Sentence(text.substr(i, end - i))) {
      i = end;  // a label or title ("Speichern"): kept whole
    } else {
      set_aside(i, end);
      i = end;
    }
  }
  if (!removed) return text;
  buffer.append(text.substr(copied));
  if (!LetterWeightAtLeast(buffer, min_letters)) {
    if (mostly_quoted) *mostly_quoted = true;
    return text;
  }
  return buffer;
}

namespace {

// LetterWeight, stopping as soon as it reaches `enough`.
size_t LetterWeightUpTo(std::string_view utf8, size_t enough) {
  size_t weight = 0;
  for (size_t i = 0; i < utf8.size() && weight < enough;) {
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

}  // namespace

size_t LetterWeight(std::string_view utf8) {
  return LetterWeightUpTo(utf8, static_cast<size_t>(-1));
}

bool LetterWeightAtLeast(std::string_view utf8, size_t n) {
  return LetterWeightUpTo(utf8, n) >= n;
}

}  // namespace micrometrics::metrics
