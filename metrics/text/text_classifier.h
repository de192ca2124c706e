#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace micrometrics::metrics {

/// A fastText supervised text classifier (bag of words and word bigrams,
/// softmax over the labels). Models are trained by scripts/train_models.sh
/// from the labelled data the project may read, on text normalised by
/// Normalise(). Loading goes through libfasttext; prediction is our own,
/// the same arithmetic as fastText's on a flat table, with no allocation
/// beyond the normalised text (docs/PERFORMANCE.md). Immutable after
/// construction; Probability() is safe to call from any thread.
class TextClassifier {
 public:
  /// A model from the bytes of a fastText `.bin` file (for example one
  /// compiled into the binary). `max_bytes` is the prefix of a text the
  /// model reads, as it was trained. Throws std::invalid_argument if the
  /// bytes are not a supported fastText model (softmax loss, no subwords).
  static std::shared_ptr<const TextClassifier> FromBytes(std::string_view bytes,
                                                         size_t max_bytes);

  /// The model's probability that `text` carries `label` (without fastText's
  /// `__label__` prefix); 0 for a label the model does not know and for a
  /// text with no words.
  double Probability(std::string_view text, std::string_view label) const;

  /// The text as the model sees it, in training and in use: at most
  /// `max_bytes` of it (cut at a UTF-8 boundary), ASCII letters lower-cased,
  /// each ASCII punctuation mark a word of its own, every run of whitespace
  /// one space.
  static std::string Normalise(std::string_view text, size_t max_bytes);

 private:
  TextClassifier() = default;
  int32_t Find(std::string_view word, uint32_t hash) const;

  __extension__ typedef unsigned __int128 Uint128;
  // x % divisor by multiplication, for a divisor fixed at load.
  struct Modulo {
    Modulo() = default;
    explicit Modulo(uint64_t divisor);
    uint64_t operator()(uint64_t h) const;
    Uint128 m = 0;
    uint64_t d = 1;
  };

  size_t max_bytes_ = 0;
  int dim_ = 0;
  int word_ngrams_ = 1;
  Modulo buckets_;
  std::vector<std::string> words_;  // id -> word
  struct Slot {
    uint32_t hash;
    int32_t id;  // -1: empty
  };
  std::vector<Slot> slots_;          // open addressing by fastText's word hash
  std::vector<std::string> labels_;  // without the __label__ prefix
  std::vector<float> input_;         // (words + buckets) x dim
  std::vector<float> output_;        // labels x dim
};

/// The models compiled into the binary (metrics/models/*.bin), and the text
/// prefix each was trained on.
std::string_view PromptInjectionModelBytes();
inline constexpr size_t kPromptInjectionModelBytes = 16 * 1024;
std::string_view RefusalModelBytes();
inline constexpr size_t kRefusalModelBytes = 1200;

}  // namespace micrometrics::metrics
