#include "metrics/evaluators/markdown.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <string>
#include <vector>

namespace micrometrics::metrics {
namespace {

struct Kind {
  const char* name;
  const char* pattern;
};

// Multi-line mode: ^ and $ match at line starts and ends.
constexpr Kind kKinds[] = {
    {"heading", R"((?m)^ {0,3}#{1,6}[ \t]+\S)"},
    {"list", R"((?m)^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S)"},
    // Delimiters that CommonMark would pair: no space inside them, and no
    // underscores inside a word ("snake_case__name").
    {"emphasis",
     R"((?:^|[^\\*])\*\*[^*\s](?:[^*\n]*[^*\s\\])?\*\*|(?:^|[^\p{L}\p{N}_\\])__[^_\s](?:[^_\n]*[^_\s\\])?__(?:[^\p{L}\p{N}_]|$)|(?:^|[\s(])\*[^*\s](?:[^*\n]*[^*\s\\])?\*(?:[\s).,!?:;]|$)|~~[^~\s](?:[^~\n]*[^~\s])?~~)"},
    // Inline links and images (a <destination> must close), reference
    // links, well-formed reference definitions, autolinks (<https://...>,
    // <user@example.com>).
    {"link",
     R"((?:^|[^\\])\[[^\]\n\\]+\]\((?:<[^<>\n\\]*>|[^()\s<][^()\s]*)?(?:\s+"[^"\n]*")?\)|(?:^|[^\\])!\[[^\]\n]*\]\((?:<[^<>\n\\]*>|[^()\s<][^()\s]*)?\)|(?:^|[^\\])\[[^\]\[\n\\]+\]\[[^\]\[\n\\]*\]|(?m)^ {0,3}\[[^\]\[\n\\]+\]:[ \t]*\S+(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>)"},
    {"table", R"((?m)^\s*\|.*\|\s*$\n^\s*\|?\s*:?-{3,})"},
    {"code", R"((?m)^ {0,3}(?:```|~~~)|(?:^|[^\\`])`[^`\n]+`)"},
    // Well-formed tags only: attributes as name="value", closing tags bare.
    {"html",
     R"((?:^|[^\\])<(?:b|i|u|em|strong|br|p|div|span|ul|ol|li|h[1-6]|a|table|tr|td|code|pre)(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s"'=<>`]+))?)*\s*/?>|</(?:b|i|u|em|strong|p|div|span|ul|ol|li|h[1-6]|a|table|tr|td|code|pre)\s*>)"},
    {"blockquote", R"((?m)^ {0,3}>[ \t]?\S)"},
    {"thematic_break",
     R"((?m)^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$)"},
};

class MarkdownEvaluator final : public Evaluator {
 public:
  MarkdownEvaluator(std::vector<size_t> kinds)
      : kinds_(std::move(kinds)), set_(Options(), RE2::UNANCHORED) {
    for (size_t k : kinds_) set_.Add(kKinds[k].pattern, nullptr);
    set_.Compile();
  }

  Verdict Evaluate(const Event& event) const override {
    if (!event.output) return Verdict::Skipped("no output");
    std::vector<int> hits;
    set_.Match(*event.output, &hits);
    if (hits.empty()) return Verdict::Pass();
    std::sort(hits.begin(), hits.end());
    std::string reason = "markdown: ";
    for (size_t i = 0; i < hits.size(); ++i) {
      reason += (i ? ", " : "") +
                std::string(kKinds[kinds_[static_cast<size_t>(hits[i])]].name);
    }
    return Verdict::Fail(reason).WithValue(static_cast<double>(hits.size()));
  }

 private:
  static RE2::Options Options() {
    RE2::Options o;
    o.set_log_errors(false);
    return o;
  }
  std::vector<size_t> kinds_;
  RE2::Set set_;
};

}  // namespace

std::unique_ptr<Evaluator> MarkdownEvaluatorFactory::Create(
    const Params& params) const {
  params.AllowOnly({"allow"});
  auto allow = params.GetStringList("allow", {});
  std::string known;
  for (const auto& k : kKinds)
    known += (known.empty() ? "" : ", ") + std::string(k.name);
  for (const auto& a : allow) {
    if (std::none_of(std::begin(kKinds), std::end(kKinds),
                     [&](const Kind& k) { return a == k.name; })) {
      params.Fail("allow", "unknown kind '" + a + "' (known: " + known + ")");
    }
  }
  std::vector<size_t> kinds;
  for (size_t i = 0; i < std::size(kKinds); ++i) {
    if (std::find(allow.begin(), allow.end(), kKinds[i].name) == allow.end()) {
      kinds.push_back(i);
    }
  }
  if (kinds.empty())
    params.Fail("allow", "allows every kind: nothing to check");
  return std::make_unique<MarkdownEvaluator>(std::move(kinds));
}

}  // namespace micrometrics::metrics
