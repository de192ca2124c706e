#include "metrics/evaluators/markdown.h"

#include <md4c.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace micrometrics::metrics {
namespace {

// What a Markdown renderer would turn into markup, found by a CommonMark
// parser (md4c, with GitHub's tables and strikethrough), not by patterns:
// escapes, delimiters that do not pair, indentation, lazy lines and setext
// headings are decided as a renderer decides them.
enum Kind : size_t {
  kHeading,
  kList,
  kEmphasis,
  kLink,
  kTable,
  kCode,
  kHtml,
  kBlockquote,
  kThematicBreak,
  kKindCount,
};

constexpr std::array<const char*, kKindCount> kKindNames = {
    "heading", "list", "emphasis",   "link",          "table",
    "code",    "html", "blockquote", "thematic_break"};

// md4c 0.4.8 (Debian 12) takes quadratic time on some inputs ("]([" lines
// repeated: 9 ms for 16 KB, 89 ms for 64 KB). So a reply is parsed in
// pieces of at most 4 KB (at most 0.8 ms each on the worst input found),
// cut where a block ends when possible, and only its first 16 KB are read:
// markdown shows in a reply's opening.
constexpr size_t kPieceBytes = 4096;
constexpr size_t kMaxBytes = 16384;

// HTML elements a renderer would act on. A tag with another name
// ("<username>", "<Enter>") is a placeholder a person reads; CommonMark
// passes it through as raw HTML, but it is not formatting.
bool IsHtmlElement(std::string_view name) {
  static constexpr std::string_view kElements[] = {
      "a",    "abbr",    "b",     "blockquote", "br",      "caption", "center",
      "cite", "code",    "dd",    "del",        "details", "div",     "dl",
      "dt",   "em",      "font",  "h1",         "h2",      "h3",      "h4",
      "h5",   "h6",      "hr",    "i",          "iframe",  "img",     "ins",
      "kbd",  "li",      "mark",  "ol",         "p",       "pre",     "q",
      "s",    "script",  "small", "span",       "strike",  "strong",  "style",
      "sub",  "summary", "sup",   "table",      "tbody",   "td",      "tfoot",
      "th",   "thead",   "tr",    "tt",         "u",       "ul"};
  std::string lower(name);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return std::find(std::begin(kElements), std::end(kElements), lower) !=
         std::end(kElements);
}

// Raw HTML as md4c hands it over: a comment, a declaration
// (`<!DOCTYPE html>`), CDATA, a processing instruction (`<?php`), or a tag
// of an HTML element.
bool IsMarkup(std::string_view html) {
  if (html.starts_with("<!") || html.starts_with("<?")) return true;
  size_t at = html.starts_with("</") ? 2 : html.starts_with("<") ? 1 : 0;
  if (at == 0) return false;
  size_t end = at;
  while (end < html.size() &&
         std::isalnum(static_cast<unsigned char>(html[end]))) {
    ++end;
  }
  return end > at && IsHtmlElement(html.substr(at, end - at));
}

struct Found {
  std::array<bool, kKindCount> kinds{};
};

int EnterBlock(MD_BLOCKTYPE type, void* /*detail*/, void* user) {
  auto& found = static_cast<Found*>(user)->kinds;
  switch (type) {
    case MD_BLOCK_H:
      found[kHeading] = true;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      found[kList] = true;
      break;
    case MD_BLOCK_QUOTE:
      found[kBlockquote] = true;
      break;
    case MD_BLOCK_CODE:
      found[kCode] = true;
      break;
    case MD_BLOCK_HR:
      found[kThematicBreak] = true;
      break;
    case MD_BLOCK_TABLE:
      found[kTable] = true;
      break;
    default:  // MD_BLOCK_HTML: by its text, below
      break;
  }
  return 0;
}

int EnterSpan(MD_SPANTYPE type, void* /*detail*/, void* user) {
  auto& found = static_cast<Found*>(user)->kinds;
  switch (type) {
    case MD_SPAN_EM:
    case MD_SPAN_STRONG:
    case MD_SPAN_DEL:
      found[kEmphasis] = true;
      break;
    case MD_SPAN_A:  // inline, reference and autolinks
    case MD_SPAN_IMG:
      found[kLink] = true;
      break;
    case MD_SPAN_CODE:
      found[kCode] = true;
      break;
    default:
      break;
  }
  return 0;
}

int LeaveBlock(MD_BLOCKTYPE, void*, void*) { return 0; }
int LeaveSpan(MD_SPANTYPE, void*, void*) { return 0; }

int Text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
  if (type == MD_TEXT_HTML && IsMarkup(std::string_view(text, size))) {
    static_cast<Found*>(user)->kinds[kHtml] = true;
  }
  return 0;
}

// Where the piece starting at `from` ends: after the last blank line in
// its second half, else after its last line end there, else at the limit
// (on a UTF-8 character boundary).
size_t PieceEnd(std::string_view text, size_t from) {
  const size_t limit = std::min(text.size(), from + kPieceBytes);
  if (limit == text.size()) return limit;
  const std::string_view half =
      text.substr(from + kPieceBytes / 2, limit - from - kPieceBytes / 2);
  if (size_t blank = half.rfind("\n\n"); blank != std::string_view::npos) {
    return from + kPieceBytes / 2 + blank + 2;
  }
  if (size_t line = half.rfind('\n'); line != std::string_view::npos) {
    return from + kPieceBytes / 2 + line + 1;
  }
  size_t end = limit;
  while (end > from + 1 &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return end;
}

Found FindMarkdown(std::string_view text) {
  Found found;
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = EnterBlock;
  parser.leave_block = LeaveBlock;
  parser.enter_span = EnterSpan;
  parser.leave_span = LeaveSpan;
  parser.text = Text;
  text = text.substr(0, kMaxBytes);
  for (size_t from = 0; from < text.size();) {
    const size_t end = PieceEnd(text, from);
    md_parse(text.data() + from, static_cast<MD_SIZE>(end - from), &parser,
             &found);
    from = end;
  }
  return found;
}

class MarkdownEvaluator final : public Evaluator {
 public:
  explicit MarkdownEvaluator(std::vector<size_t> kinds)
      : kinds_(std::move(kinds)) {}

  Verdict Evaluate(const Event& event) const override {
    if (!event.output) return Verdict::Skipped("no output");
    const Found found = FindMarkdown(*event.output);
    std::string reason;
    size_t count = 0;
    for (size_t k : kinds_) {
      if (!found.kinds[k]) continue;
      reason += (count++ ? ", " : "markdown: ") + std::string(kKindNames[k]);
    }
    if (count == 0) return Verdict::Pass();
    return Verdict::Fail(reason).WithValue(static_cast<double>(count));
  }

 private:
  std::vector<size_t> kinds_;  // in kKindNames order
};

}  // namespace

std::unique_ptr<Evaluator> MarkdownEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"allow"});
  auto allow = params.GetStringList("allow", {});
  std::string known;
  for (const char* k : kKindNames) {
    known += (known.empty() ? "" : ", ") + std::string(k);
  }
  for (const auto& a : allow) {
    if (std::find(kKindNames.begin(), kKindNames.end(), a) ==
        kKindNames.end()) {
      params.Fail("allow", "unknown kind '" + a + "' (known: " + known + ")");
    }
  }
  std::vector<size_t> kinds;
  for (size_t i = 0; i < kKindCount; ++i) {
    if (std::find(allow.begin(), allow.end(), kKindNames[i]) == allow.end()) {
      kinds.push_back(i);
    }
  }
  if (kinds.empty()) {
    params.Fail("allow", "allows every kind: nothing to check");
  }
  return std::make_unique<MarkdownEvaluator>(std::move(kinds));
}

}  // namespace micrometrics::metrics
