#include "metrics/text/phrase_set.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace micrometrics::metrics {

PhraseSet::PhraseSet(std::vector<Phrase> phrases)
    : phrases_(std::move(phrases)) {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(kPatternSetMaxMem);
  set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const auto& p : phrases_) {
    std::string error;
    if (set_->Add(p.pattern, &error) < 0) {
      throw std::invalid_argument("bad pattern '" + p.pattern + "': " + error);
    }
  }
  if (!set_->Compile()) throw std::invalid_argument("patterns too large");
}

std::vector<std::string> PhraseSet::Match(std::string_view text) const {
  std::vector<int> hits;
  set_->Match(re2::StringPiece(text.data(), text.size()), &hits);
  std::sort(hits.begin(), hits.end());
  std::vector<std::string> labels;
  for (int i : hits) {
    const std::string& label = phrases_[static_cast<size_t>(i)].label;
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
      labels.push_back(label);
    }
  }
  return labels;
}

std::vector<std::string_view> PhraseSet::EachMatch(
    std::string_view text) const {
  std::vector<int> hits;
  set_->Match(re2::StringPiece(text.data(), text.size()), &hits);
  std::sort(hits.begin(), hits.end());
  std::vector<std::string_view> labels;
  labels.reserve(hits.size());
  for (int i : hits) labels.push_back(phrases_[static_cast<size_t>(i)].label);
  return labels;
}

bool PhraseSet::Matches(std::string_view text) const {
  return set_->Match(re2::StringPiece(text.data(), text.size()), nullptr);
}

namespace {

// The next byte at or after `from` that may start a typographic mark:
// backticks, and the lead bytes E2 (U+2018..), C2 (<< >>, the acute
// accent) and CA (U+02BC). memchr per byte value, each result kept until
// passed: a few fast scans instead of a test per byte.
class MarkFinder {
 public:
  explicit MarkFinder(std::string_view text) : text_(text) {}
  size_t Next(size_t from) {
    size_t best = text_.size();
    for (int k = 0; k < kBytes; ++k) {
      if (next_[k] == kUnknown || next_[k] < from) {
        const void* hit =
            std::memchr(text_.data() + from, kLead[k], text_.size() - from);
        next_[k] = hit ? static_cast<size_t>(static_cast<const char*>(hit) -
                                             text_.data())
                       : text_.size();
      }
      best = std::min(best, next_[k]);
    }
    return best;
  }

 private:
  static constexpr int kBytes = 4;
  static constexpr unsigned char kLead[kBytes] = {'`', 0xE2, 0xC2, 0xCA};
  std::string_view text_;
  static constexpr size_t kUnknown = static_cast<size_t>(-1);
  size_t next_[kBytes] = {kUnknown, kUnknown, kUnknown, kUnknown};
};

}  // namespace

std::string NormaliseQuotes(std::string_view text) {
  static const std::pair<std::string_view, char> kReplacements[] = {
      {"\u2019", '\''}, {"\u2018", '\''}, {"\u02BC", '\''}, {"\u00B4", '\''},
      {"`", '\''},      {"\u201C", '"'},  {"\u201D", '"'},  {"\u201E", '"'},
      {"\u00AB", '"'},  {"\u00BB", '"'},
  };
  MarkFinder marks(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t mark = marks.Next(i);
    out.append(text.substr(i, mark - i));  // the run up to it, in one append
    i = mark;
    if (i == text.size()) break;
    bool replaced = false;
    for (const auto& [from, to] : kReplacements) {
      if (text.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

namespace {

// Length of a sentence end at text[i]: ". " "! " "? " (runs of them, then
// white space or the end), or a CJK full stop; 0 when there is none.
// Bytes a sentence end can start with: . ! ? and the lead bytes of the
// CJK marks.
constexpr std::array<bool, 256> kMayEndSentence = [] {
  std::array<bool, 256> t{};
  t['.'] = t['!'] = t['?'] = t[0xE3] = t[0xEF] = true;
  return t;
}();

// The common case, tested inline before calling SentenceEndAt: no sentence
// end starts here.
inline bool MayEndSentence(char c) {
  return kMayEndSentence[static_cast<unsigned char>(c)];
}

size_t SentenceEndAt(std::string_view text, size_t i) {
  const char c = text[i];
  if (c == '.' || c == '!' || c == '?') {
    size_t j = i + 1;
    while (j < text.size() &&
           (text[j] == '.' || text[j] == '!' || text[j] == '?')) {
      ++j;
    }
    if (j == text.size()) return j - i;
    if (std::isspace(static_cast<unsigned char>(text[j]))) return j + 1 - i;
    return 0;
  }
  // 。！？ are E3 80 82, EF BC 81, EF BC 9F in UTF-8.
  if (text.substr(i, 3) == "\u3002" || text.substr(i, 3) == "\uFF01" ||
      text.substr(i, 3) == "\uFF1F") {
    return 3;
  }
  return 0;
}

}  // namespace

EdgeSentences FirstAndLastSentence(std::string_view text, size_t max_bytes) {
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  EdgeSentences edges;
  // First: up to the first sentence end (only the first max_bytes matter).
  size_t first_end = text.size();
  for (size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    if (!MayEndSentence(text[i])) continue;
    if (size_t n = SentenceEndAt(text, i)) {
      first_end = i + n;
      break;
    }
  }
  edges.first = text.substr(0, std::min(first_end, max_bytes));
  // Last: after the last sentence end that is not the text's own end;
  // scanning back from the end, at most max_bytes.
  size_t last_start = 0;
  const size_t floor = text.size() > max_bytes ? text.size() - max_bytes : 0;
  size_t stop = text.size();
  while (stop > 0 && SentenceEndAt(text, stop - 1) != 0 &&
         stop - 1 + SentenceEndAt(text, stop - 1) >= text.size()) {
    --stop;  // skip the final punctuation itself
  }
  for (size_t i = stop; i-- > floor;) {
    if (!MayEndSentence(text[i])) continue;
    if (size_t n = SentenceEndAt(text, i); n && i + n < text.size()) {
      last_start = i + n;
      break;
    }
  }
  edges.last = text.substr(std::max(last_start, floor));
  return edges;
}

std::string_view LeadingSentences(std::string_view text, size_t sentences,
                                  size_t max_bytes) {
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  const size_t limit = std::min(text.size(), max_bytes);
  for (size_t i = 0; i < limit && sentences > 0; ++i) {
    if (!MayEndSentence(text[i])) continue;
    if (size_t n = SentenceEndAt(text, i)) {
      if (--sentences == 0) return text.substr(0, std::min(i + n, limit));
      i += n - 1;
    }
  }
  return text.substr(0, limit);
}

}  // namespace micrometrics::metrics
