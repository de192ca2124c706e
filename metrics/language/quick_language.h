#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace micrometrics::metrics {

/// What QuickLanguage says about a text.
struct QuickGuess {
  std::string_view language;  ///< CLD2's code ("de", "zh"); "" when none
  /// Share of the evidence for `language`: of the letters, when its script
  /// decided; of the known words in its list, when its words decided.
  double share = 0;
  /// Naive-Bayes lead in nats over the best language that is not a close
  /// relative (CloseLanguages), and over the best close relative. Script
  /// decisions have no rival: both are infinite.
  double margin = 0;
  double close_margin = 0;
  int hits = 0;            ///< words of the text in `language`'s list
  bool confident = false;  ///< leaves no reasonable doubt (see Identify)

  /// Whether the lead meets other thresholds than Identify's.
  struct Thresholds {
    double min_margin = 5;
    double min_close_margin = 3;
    int min_hits = 2;
  };
  bool Meets(const Thresholds& t) const {
    return !language.empty() && hits >= t.min_hits && margin >= t.min_margin &&
           close_margin >= t.min_close_margin;
  }
};

/// A cheap language identification for the common case, "the reply is in
/// the language of the question", so that language_match calls CLD2 (about
/// 20 us a call) only when this is unsure. About 0.6 us for 200 bytes.
///
/// A script that belongs to one language decides alone (Hangul: ko; kana:
/// ja; Han without kana: zh; Greek, Thai, Georgian, Armenian, ...). Text in
/// a script that several languages share (Latin, Cyrillic, Arabic,
/// Devanagari) is scored by its frequent words, naive Bayes over the most
/// frequent words of 48 languages (metrics/models/language_words.tsv, built
/// by scripts/make_language_words.py from Debian's translation catalogues).
/// Immutable after construction and thread-safe.
class QuickLanguage {
 public:
  /// The table compiled into the binary.
  static const QuickLanguage& Builtin();
  /// From a table in the format of metrics/models/language_words.tsv;
  /// throws std::invalid_argument naming the line when it is malformed.
  explicit QuickLanguage(std::string_view table);

  using Thresholds = QuickGuess::Thresholds;
  /// Confident when one script decides with at least 70% of the letters,
  /// or, for words, when at least `min_hits` words are in the winner's list
  /// and it leads every other language by `min_margin` nats and its close
  /// relatives by `min_close_margin` (QuickGuess::Meets).
  QuickGuess Identify(std::string_view prose) const {
    return Identify(prose, Thresholds{});
  }
  QuickGuess Identify(std::string_view prose, const Thresholds& t) const;

  size_t languages() const { return languages_.size(); }
  size_t words() const { return distinct_; }

 private:
  static constexpr size_t kMaxLanguages = 64;
  struct Language {
    std::string code;
    double floor = 0;  // log-probability of a listed word outside its list
  };
  struct Bonus {
    uint8_t language;
    float nats;  // log P(word | language) - floor
  };
  // A word of the table: its hash and its bonuses, in 16 bytes so that a
  // lookup costs one cache line. Most words are frequent in one or two
  // languages and keep their bonuses inline (in 1/1024 nats); the few in
  // more keep them in bonuses_, from `first`.
  static constexpr int kInline = 2;
  static constexpr float kInlineUnit = 1.0f / 1024;
  struct Slot {
    uint64_t hash = 0;  // 0: empty
    uint8_t count = 0;
    uint8_t language[kInline] = {};
    int16_t nats[kInline] = {};  // or, when count > kInline, `first`
  };
  static_assert(sizeof(Slot) == 16);

  const Slot* Find(uint64_t hash) const;
  // Adds a word's bonuses to the running scores.
  void Score(const Slot& slot, float* bonus, uint16_t* hits) const;
  QuickGuess Decide(const std::array<float, kMaxLanguages>& bonus,
                    const std::array<uint16_t, kMaxLanguages>& hits, int known,
                    const Thresholds& t) const;

  std::vector<Language> languages_;
  std::vector<Bonus> bonuses_;
  std::vector<Slot> slots_;  // open addressing, a power-of-two size
  size_t distinct_ = 0;
  std::vector<uint64_t> close_;  // per language: bit set of close relatives
};

}  // namespace micrometrics::metrics
