#include "metrics/language/prose.h"

#include <re2/re2.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

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

bool MayQuote(std::string_view text) {
  if (text.find('"') != std::string_view::npos || text.starts_with('>') ||
      text.find("\n>") != std::string_view::npos) {
    return true;
  }
  for (const QuoteMark& mark : kQuoteMarks) {
    if (mark.open.size() > 1 &&
        text.find(mark.open) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view WithoutQuotations(std::string_view text, size_t min_letters,
                                   std::string& buffer, bool* mostly_quoted) {
  if (mostly_quoted) *mostly_quoted = false;
  if (!MayQuote(text)) return text;
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
  const size_t french = text.find("\u00ab");
  const size_t german = text.find("\u00bb");
  const QuoteMark* skipped =
      german < french ? &kQuoteMarks[3] : &kQuoteMarks[4];
  // Bytes are copied in runs up to what is set aside; only the bytes that
  // may start a mark or a line are looked at closely.
  buffer.clear();
  bool removed = false;
  size_t copied = 0;  // text[0, copied) is in buffer, or set aside
  auto set_aside = [&](size_t from, size_t to) {
    buffer.append(text.substr(copied, from - copied));
    buffer += ' ';
    copied = to;
    removed = true;
  };
  // A block quote line starting at `line`: where it ends, else npos.
  auto block_quote = [&](size_t line) {
    const size_t j = text.find_first_not_of(" \t", line);
    if (j == std::string_view::npos || text[j] != '>') {
      return std::string_view::npos;
    }
    const size_t end = text.find('\n', j);
    return end == std::string_view::npos ? text.size() : end;
  };
  size_t i = 0;
  if (const size_t end = block_quote(0); end != std::string_view::npos) {
    set_aside(0, end);
    i = end;
  }
  // The next place of each byte that may start a mark or a line, found
  // with memchr and kept until passed.
  constexpr unsigned char kStarts[] = {'"', '\n', 0xC2, 0xE2, 0xE3};
  size_t next[std::size(kStarts)];
  auto find_from = [&](unsigned char b, size_t from) {
    if (from >= text.size()) return text.size();
    const void* at = std::memchr(text.data() + from, b, text.size() - from);
    return at ? static_cast<size_t>(static_cast<const char*>(at) - text.data())
              : text.size();
  };
  for (size_t k = 0; k < std::size(kStarts); ++k) {
    next[k] = find_from(kStarts[k], i);
  }
  while (i < text.size()) {
    size_t nearest = text.size();
    for (size_t k = 0; k < std::size(kStarts); ++k) {
      if (next[k] < i) next[k] = find_from(kStarts[k], i);
      nearest = std::min(nearest, next[k]);
    }
    i = nearest;
    if (i == text.size()) break;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++i;
      if (const size_t end = block_quote(i); end != std::string_view::npos) {
        set_aside(i, end);
        i = end;
      }
      continue;
    }
    const QuoteMark* opened = nullptr;
    for (const QuoteMark& mark : kQuoteMarks) {
      if (&mark != skipped &&
          text.compare(i, mark.open.size(), mark.open) == 0) {
        opened = &mark;
        break;
      }
    }
    if (!opened) {
      ++i;
      continue;
    }
    const size_t end = QuotationEnd(text, i + opened->open.size(), *opened);
    if (end == std::string_view::npos) {  // unclosed: the mark is kept
      i += opened->open.size();
    } else if (!Sentence(text.substr(i, end - i))) {
      i = end;  // a label or title ("Speichern"): kept whole
    } else {
      set_aside(i, end);
      i = end;
    }
  }
  if (removed) buffer.append(text.substr(copied));
  if (!removed) return text;
  if (LetterWeight(buffer) < min_letters) {
    if (mostly_quoted) *mostly_quoted = true;
    return text;
  }
  return buffer;
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
