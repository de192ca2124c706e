#pragma once

#include <re2/set.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace micrometrics::metrics {

/// The memory budget of one RE2::Set of ours (its program and its lazily
/// built DFA). RE2's default, 8 MiB, made refusal's declines flush their
/// DFA on every long reply and could not compile a hundred keywords in
/// another script (docs/PERFORMANCE.md). Spent only as texts reach states.
inline constexpr int64_t kPatternSetMaxMem = int64_t{32} << 20;

/// Many labelled patterns matched in one pass (RE2::Set, linear time), case
/// insensitive, on text whose apostrophes and quotes have been normalised.
/// Immutable after construction; thread-safe.
class PhraseSet {
 public:
  struct Phrase {
    std::string pattern;
    std::string label;
  };
  /// Throws std::invalid_argument naming the first bad pattern.
  explicit PhraseSet(std::vector<Phrase> phrases);

  /// Labels of the phrases found in `text` (normalise it first), each once,
  /// in the order of the phrase list.
  std::vector<std::string> Match(std::string_view normalised) const;
  bool Matches(std::string_view normalised) const;
  /// The labels of every phrase found, one per phrase (repeated when
  /// several phrases share a label), in the order of the phrase list.
  std::vector<std::string_view> EachMatch(std::string_view normalised) const;

 private:
  std::vector<Phrase> phrases_;
  std::unique_ptr<RE2::Set> set_;
};

/// Typographic apostrophes and quotes (’ ‘ ʼ ´ ` “ ” „ « ») become ' and ",
/// so "I can’t" matches a pattern written "I can't".
std::string NormaliseQuotes(std::string_view text);

/// The first and the last sentence of a text, each at most `max_bytes`
/// (the first is empty-safe; for a one-sentence text both are that sentence).
struct EdgeSentences {
  std::string_view first;
  std::string_view last;
};
EdgeSentences FirstAndLastSentence(std::string_view text, size_t max_bytes);

/// The start of `text` up to the end of its `sentences`-th sentence, at most
/// `max_bytes` (leading white space skipped).
std::string_view LeadingSentences(std::string_view text, size_t sentences,
                                  size_t max_bytes);

}  // namespace micrometrics::metrics
