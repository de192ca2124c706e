#include "metrics/phrase_set.h"

#include <re2/re2.h>

#include <algorithm>
#include <stdexcept>

namespace micrometrics::metrics {

PhraseSet::PhraseSet(std::vector<Phrase> phrases)
    : phrases_(std::move(phrases)) {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
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

bool PhraseSet::Matches(std::string_view text) const {
  return set_->Match(re2::StringPiece(text.data(), text.size()), nullptr);
}

std::string NormaliseQuotes(std::string_view text) {
  static const std::pair<std::string_view, char> kReplacements[] = {
      {"\u2019", '\''}, {"\u2018", '\''}, {"\u02BC", '\''}, {"\u00B4", '\''},
      {"`", '\''},      {"\u201C", '"'},  {"\u201D", '"'},  {"\u201E", '"'},
      {"\u00AB", '"'},  {"\u00BB", '"'},
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
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

EdgeSentences FirstAndLastSentence(std::string_view text, size_t max_bytes) {
  // Sentence ends: . ! ? followed by white space, or the CJK full stops.
  static const RE2 end(R"([.!?]+(?:\s|$)|[。！？]+)");
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  EdgeSentences edges;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t first_end = text.size();
  if (end.Match(input, 0, text.size(), RE2::UNANCHORED, &m, 1)) {
    first_end = static_cast<size_t>(m.data() + m.size() - text.data());
  }
  edges.first = text.substr(0, std::min(first_end, max_bytes));
  // The last sentence starts after the last end before the text's own end.
  size_t last_start = 0;
  size_t pos = 0;
  while (pos < text.size() &&
         end.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    size_t stop = static_cast<size_t>(m.data() + m.size() - text.data());
    if (stop >= text.size()) break;
    last_start = stop;
    pos = stop;
  }
  std::string_view last = text.substr(last_start);
  if (last.size() > max_bytes) last = last.substr(last.size() - max_bytes);
  edges.last = last;
  return edges;
}

}  // namespace micrometrics::metrics
