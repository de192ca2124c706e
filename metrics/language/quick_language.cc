#include "metrics/language/quick_language.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include "metrics/language/language_detector.h"
#include "metrics/text/text.h"

namespace micrometrics::metrics {

std::string_view LanguageWordsTable();  // metrics/models, compiled in

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A script decides, or its words are scored, when it holds this share of
// the letters (CJK characters weigh 3, as in LetterWeight).
constexpr double kDominantShare = 0.7;
constexpr size_t kMaxWordBytes = 48;

// What scripts/make_language_words.py counts as a letter of a word (is_letter
// there): keep the two in step, or words stop matching the table.
bool IsWordLetter(uint32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F)) {
    return false;
  }
  if ((cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF20)) {
    return false;
  }
  if ((cp >= 0x0660 && cp <= 0x066D) || cp == 0x060C || cp == 0x061B ||
      cp == 0x061F || cp == 0x06D4) {
    return false;
  }
  if ((cp >= 0x06F0 && cp <= 0x06F9) || (cp >= 0x0964 && cp <= 0x096F)) {
    return false;
  }
  return true;
}

// Lower case for Latin, Greek, Cyrillic and Armenian (fold there).
uint32_t FoldCase(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x130) return 'i';
    if (cp == 0x178) return 0xFF;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
      return cp % 2 == 1 ? cp + 1 : cp;
    }
    if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
    return cp % 2 == 0 ? cp + 1 : cp;
  }
  if ((cp >= 0x218 && cp <= 0x21B) || (cp >= 0x1E00 && cp <= 0x1EFF)) {
    return cp % 2 == 0 ? cp + 1 : cp;
  }
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
  if (cp == 0x386) return 0x3AC;
  if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
  if (cp == 0x38C) return 0x3CC;
  if (cp == 0x38E || cp == 0x38F) return cp + 63;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
      (cp >= 0x4D0 && cp <= 0x52F)) {
    return cp % 2 == 0 ? cp + 1 : cp;
  }
  if (cp >= 0x4C1 && cp <= 0x4CE) return cp % 2 == 1 ? cp + 1 : cp;
  if (cp >= 0x531 && cp <= 0x556) return cp + 48;
  return cp;
}

// Scripts, as far as the decision needs them.
enum Script : uint8_t {
  kNone,   // not a letter
  kWords,  // Latin, Cyrillic, Arabic, Devanagari: told apart by words
  kKana,
  kHan,
  kHangul,
  kGreek,
  kArmenian,
  kGeorgian,
  kThai,
  kLao,
  kKhmer,
  kMyanmar,
  kSinhala,
  kTamil,
  kTelugu,
  kKannada,
  kMalayalam,
  kGujarati,
  kGurmukhi,
  kOriya,
  kOther,  // letters of scripts several languages share and no words cover
  kScripts
};

// The language of a script that belongs to one, in CLD2's codes.
constexpr std::string_view kScriptLanguage[kScripts] = {
    "",   "",   "ja", "zh", "ko", "el", "hy", "ka", "th", "lo", "km",
    "my", "si", "ta", "te", "kn", "ml", "gu", "pa", "or", ""};

Script ScriptOf(uint32_t cp) {
  if (cp < 0x80) {
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? kWords : kNone;
  }
  if (!IsWordLetter(cp)) return kNone;
  if (cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF)) return kWords;
  if (cp >= 0x370 && cp <= 0x3FF) return kGreek;
  if (cp >= 0x400 && cp <= 0x52F) return kWords;  // Cyrillic
  if (cp >= 0x530 && cp <= 0x58F) return kArmenian;
  if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F)) {
    return kWords;  // Arabic
  }
  if (cp >= 0x900 && cp <= 0x97F) return kWords;  // Devanagari
  if (cp >= 0xA00 && cp <= 0xA7F) return kGurmukhi;
  if (cp >= 0xA80 && cp <= 0xAFF) return kGujarati;
  if (cp >= 0xB00 && cp <= 0xB7F) return kOriya;
  if (cp >= 0xB80 && cp <= 0xBFF) return kTamil;
  if (cp >= 0xC00 && cp <= 0xC7F) return kTelugu;
  if (cp >= 0xC80 && cp <= 0xCFF) return kKannada;
  if (cp >= 0xD00 && cp <= 0xD7F) return kMalayalam;
  if (cp >= 0xD80 && cp <= 0xDFF) return kSinhala;
  if (cp >= 0xE00 && cp <= 0xE7F) return kThai;
  if (cp >= 0xE80 && cp <= 0xEFF) return kLao;
  if (cp >= 0x1000 && cp <= 0x109F) return kMyanmar;
  if (cp >= 0x10A0 && cp <= 0x10FF) return kGeorgian;
  if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
      (cp >= 0xAC00 && cp <= 0xD7AF)) {
    return kHangul;
  }
  if (cp >= 0x1780 && cp <= 0x17FF) return kKhmer;
  if (cp >= 0x1F00 && cp <= 0x1FFF) return kGreek;
  if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
      (cp >= 0xFF66 && cp <= 0xFF9F)) {
    return kKana;
  }
  if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF)) {
    return kHan;
  }
  if ((cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF)) {
    return kWords;  // Arabic presentation forms
  }
  return kOther;
}

// 64 bits, eight bytes at a time (splitmix64's mixing). Words are told
// apart by it alone: the constructor refuses a table where two collide.
uint64_t Hash(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    h = (h ^ chunk) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  if (n > 0) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, p, n);
    h = (h ^ chunk) * 0x94D049BB133111EBull;
    h ^= h >> 29;
  }
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

}  // namespace

const QuickLanguage& QuickLanguage::Builtin() {
  static const QuickLanguage quick(LanguageWordsTable());
  return quick;
}

QuickLanguage::QuickLanguage(std::string_view table) {
  struct Parsed {
    std::string_view word;
    uint8_t language;
    double count;
  };
  std::vector<Parsed> parsed;
  std::vector<double> totals, lowest;
  std::string_view text = table;
  size_t line_no = 0;
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument("language words table line " +
                                std::to_string(line_no) + ": " + what);
  };
  auto number = [&](std::string_view s) {
    double v = 0;
    if (s.empty()) fail("expected a count");
    for (char c : s) {
      if (c < '0' || c > '9')
        fail("expected a count, got '" + std::string(s) + "'");
      v = v * 10 + (c - '0');
    }
    if (v <= 0) fail("counts must be positive");
    return v;
  };
  while (!text.empty()) {
    ++line_no;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? "" : text.substr(end + 1);
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) {
      fail("expected WORD<TAB>COUNT or @LANGUAGE<TAB>WORDS");
    }
    if (line[0] == '@') {
      if (languages_.size() == kMaxLanguages) fail("too many languages");
      languages_.push_back({std::string(line.substr(1, tab - 1)), 0});
      totals.push_back(number(line.substr(tab + 1)));
      lowest.push_back(kInf);
      continue;
    }
    if (languages_.empty()) fail("a word before the first @LANGUAGE line");
    const double count = number(line.substr(tab + 1));
    parsed.push_back({line.substr(0, tab),
                      static_cast<uint8_t>(languages_.size() - 1), count});
    lowest.back() = std::min(lowest.back(), count);
  }
  if (languages_.empty()) fail("no languages");
  for (size_t l = 0; l < languages_.size(); ++l) {
    if (lowest[l] == kInf) lowest[l] = 1;
    // A word listed for another language but not in this one's list is at
    // most as frequent here as its least frequent listed word: take half.
    languages_[l].floor = std::log(0.5 * lowest[l] / totals[l]);
    uint64_t close = 0;
    for (size_t m = 0; m < languages_.size(); ++m) {
      if (m != l && CloseLanguages(languages_[l].code, languages_[m].code)) {
        close |= uint64_t{1} << m;
      }
    }
    close_.push_back(close);
  }
  // Group the bonuses by word, then index the words by hash: a slot holds
  // the hash (0: empty), a parallel array the word's bonuses.
  std::vector<std::pair<uint64_t, std::vector<Bonus>>> per_word;
  {
    std::vector<std::pair<uint64_t, size_t>> order;  // hash, parsed index
    order.reserve(parsed.size());
    for (size_t i = 0; i < parsed.size(); ++i) {
      order.emplace_back(Hash(parsed[i].word), i);
    }
    std::sort(order.begin(), order.end());
    for (size_t k = 0; k < order.size(); ++k) {
      const Parsed& p = parsed[order[k].second];
      if (k > 0 && order[k].first == order[k - 1].first) {
        if (parsed[order[k - 1].second].word != p.word) {
          line_no = 0;
          fail("two words share a hash: '" + std::string(p.word) + "'");
        }
      } else {
        per_word.emplace_back(order[k].first, std::vector<Bonus>{});
      }
      const double nats =
          std::log(p.count / totals[p.language]) - languages_[p.language].floor;
      per_word.back().second.push_back({p.language, static_cast<float>(nats)});
    }
  }
  size_t slots = 1;
  while (slots < per_word.size() + per_word.size() / 2) slots <<= 1;
  slots_.assign(slots, Slot{});
  for (const auto& [hash, bonuses] : per_word) {
    const uint64_t h = hash == 0 ? 1 : hash;  // 0 marks an empty slot
    size_t i = h & (slots - 1);
    while (slots_[i].hash != 0) i = (i + 1) & (slots - 1);
    Slot& slot = slots_[i];
    slot.hash = h;
    slot.count = static_cast<uint8_t>(std::min<size_t>(bonuses.size(), 255));
    if (bonuses.size() <= kInline) {
      for (size_t b = 0; b < bonuses.size(); ++b) {
        slot.language[b] = bonuses[b].language;
        slot.nats[b] = static_cast<int16_t>(std::lround(
            std::clamp(bonuses[b].nats / kInlineUnit, -32767.0f, 32767.0f)));
      }
    } else {
      const auto first = static_cast<uint32_t>(bonuses_.size());
      std::memcpy(slot.nats, &first, sizeof first);
      bonuses_.insert(bonuses_.end(), bonuses.begin(),
                      bonuses.begin() + slot.count);
    }
  }
  distinct_ = per_word.size();
}

const QuickLanguage::Slot* QuickLanguage::Find(uint64_t hash) const {
  if (hash == 0) hash = 1;
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    if (slots_[i].hash == hash) return &slots_[i];
    if (slots_[i].hash == 0) return nullptr;
  }
}

void QuickLanguage::Score(const Slot& slot, float* bonus,
                          uint16_t* hits) const {
  if (slot.count <= kInline) {
    for (int b = 0; b < slot.count; ++b) {
      bonus[slot.language[b]] += slot.nats[b] * kInlineUnit;
      ++hits[slot.language[b]];
    }
    return;
  }
  uint32_t first;
  std::memcpy(&first, slot.nats, sizeof first);
  for (uint32_t b = first; b < first + slot.count; ++b) {
    bonus[bonuses_[b].language] += bonuses_[b].nats;
    ++hits[bonuses_[b].language];
  }
}

QuickGuess QuickLanguage::Identify(std::string_view prose,
                                   const Thresholds& t) const {
  // One pass: the letters per script, and the words of scripts that words
  // tell apart, scored as they end.
  int weight[kScripts] = {};
  std::array<float, kMaxLanguages> bonus{};
  std::array<uint16_t, kMaxLanguages> hits{};
  int known = 0;
  // Words are hashed as they end and their slots prefetched; they are
  // looked up in batches, so the cache misses overlap instead of queueing.
  constexpr size_t kBatch = 64;
  uint64_t pending[kBatch];
  size_t n_pending = 0;
  const size_t mask = slots_.size() - 1;
  auto lookup = [&] {
    for (size_t k = 0; k < n_pending; ++k) {
      if (const Slot* found = Find(pending[k])) {
        ++known;
        Score(*found, bonus.data(), hits.data());
      }
    }
    n_pending = 0;
  };
  char word[kMaxWordBytes + 4];
  size_t word_len = 0;
  bool scored_word = true;  // a word of kWords letters that fits
  auto finish = [&] {
    if (word_len > 0 && scored_word) {
      const uint64_t h = Hash({word, word_len});
      __builtin_prefetch(&slots_[(h == 0 ? 1 : h) & mask]);
      pending[n_pending++] = h;
      if (n_pending == kBatch) lookup();
    }
    word_len = 0;
    scored_word = true;
  };
  for (size_t i = 0; i < prose.size();) {
    const auto b = static_cast<unsigned char>(prose[i]);
    if (b < 0x80) {  // the common case, without decoding
      ++i;
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
        weight[kWords] += 1;
        if (word_len < kMaxWordBytes) {
          word[word_len++] = static_cast<char>(b | 0x20);
        } else {
          scored_word = false;
        }
      } else {
        finish();
      }
      continue;
    }
    size_t len = 1;
    const uint32_t cp = DecodeUtf8(prose, i, &len);
    i += len;
    const Script script = ScriptOf(cp);
    if (script == kNone) {
      finish();
      continue;
    }
    const bool wide = script == kKana || script == kHan || script == kHangul;
    weight[script] += wide ? 3 : 1;
    if (script != kWords || word_len + 4 > kMaxWordBytes) {
      scored_word = false;
    }
    if (scored_word) word_len += EncodeUtf8(FoldCase(cp), word + word_len);
  }
  finish();
  lookup();

  double total = 0;
  for (int w : weight) total += w;
  QuickGuess guess;
  if (total == 0) return guess;
  if (weight[kWords] >= kDominantShare * total) {
    return known == 0 ? guess : Decide(bonus, hits, known, t);
  }
  guess.margin = guess.close_margin = kInf;
  const double cjk = weight[kKana] + weight[kHan];
  if (cjk >= kDominantShare * total) {
    // Japanese writes kana in every sentence, Chinese never.
    guess.share = cjk / total;
    if (weight[kKana] >= 0.1 * cjk) {
      guess.language = "ja";
    } else if (weight[kKana] == 0) {
      guess.language = "zh";
    }
    guess.hits = weight[kKana] + weight[kHan];
    guess.confident = !guess.language.empty();
    return guess;
  }
  for (int s = kHangul; s < kOther; ++s) {
    if (weight[s] >= kDominantShare * total) {
      guess.language = kScriptLanguage[s];
      guess.share = static_cast<double>(weight[s]) / total;
      guess.hits = weight[s];
      guess.confident = true;
      return guess;
    }
  }
  guess.margin = guess.close_margin = 0;
  return guess;
}

QuickGuess QuickLanguage::Decide(
    const std::array<float, kMaxLanguages>& bonus,
    const std::array<uint16_t, kMaxLanguages>& hits, int known,
    const Thresholds& t) const {
  const size_t n = languages_.size();
  size_t top = 0;
  double score[kMaxLanguages];
  for (size_t l = 0; l < n; ++l) {
    score[l] = known * languages_[l].floor + bonus[l];
    if (score[l] > score[top]) top = l;
  }
  double far = -kInf, near = -kInf;
  for (size_t l = 0; l < n; ++l) {
    if (l == top) continue;
    if (close_[top] >> l & 1) {
      near = std::max(near, score[l]);
    } else {
      far = std::max(far, score[l]);
    }
  }
  QuickGuess guess;
  guess.language = languages_[top].code;
  guess.share = static_cast<double>(hits[top]) / known;
  guess.margin = score[top] - far;
  guess.close_margin = score[top] - near;
  guess.hits = hits[top];
  guess.confident = guess.Meets(t);
  return guess;
}

}  // namespace micrometrics::metrics
