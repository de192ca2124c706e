#include "metrics/text/text_classifier.h"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace micrometrics::metrics {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";
constexpr std::string_view kEos = "</s>";
// fastText's file signature: magic number, then format version.
constexpr int32_t kMagic = 793712314;
constexpr int32_t kVersion = 12;
// Bounds that keep prediction on the stack.
constexpr int kMaxDim = 64;
constexpr int kMaxLabels = 16;

bool IsAsciiPunct(unsigned char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
         (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

bool IsSpace(unsigned char c) {
  // fastText's word separators, NUL among them.
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f' || c == '\0';
}

// fastText's word hash: FNV-1a over the bytes read as signed chars.
uint32_t WordHash(std::string_view word) {
  uint32_t h = 2166136261u;
  for (char c : word) {
    h ^= static_cast<uint32_t>(static_cast<int8_t>(c));
    h *= 16777619u;
  }
  return h;
}

}  // namespace

// h % d without a division (Lemire, Kaser and Kurz, "Faster remainder by
// direct computation", 2019): exact for every 64-bit h. The division was a
// fifth of the cost of a prediction.
uint64_t TextClassifier::Modulo::operator()(uint64_t h) const {
  const Uint128 low = m * h;  // modulo 2^128
  const Uint128 bottom = ((low & UINT64_MAX) * d) >> 64;
  const Uint128 top = (low >> 64) * d;
  return static_cast<uint64_t>((bottom + top) >> 64);
}

TextClassifier::Modulo::Modulo(uint64_t divisor)
    : m(~Uint128{0} / divisor + 1), d(divisor) {}

std::shared_ptr<const TextClassifier> TextClassifier::FromBytes(
    std::string_view bytes, size_t max_bytes) {
  int32_t header[2];
  if (bytes.size() < sizeof header) {
    throw std::invalid_argument("not a fastText model: too short");
  }
  std::memcpy(header, bytes.data(), sizeof header);
  if (header[0] != kMagic || header[1] != kVersion) {
    throw std::invalid_argument("not a fastText model (version 12)");
  }
  fasttext::FastText model;
  {
    std::istringstream in(std::string(bytes.substr(sizeof header)));
    model.loadModel(in);
    if (!in) throw std::invalid_argument("truncated fastText model");
  }
  const fasttext::Args args = model.getArgs();
  if (args.loss != fasttext::loss_name::softmax || args.maxn > 0) {
    throw std::invalid_argument(
        "unsupported fastText model: needs softmax loss and no subwords");
  }
  std::shared_ptr<TextClassifier> c(new TextClassifier());
  c->max_bytes_ = max_bytes;
  c->dim_ = args.dim;
  c->word_ngrams_ = args.wordNgrams;
  if (args.bucket < 2) {
    throw std::invalid_argument(
        "unsupported fastText model: no n-gram buckets");
  }
  c->buckets_ = Modulo(static_cast<uint64_t>(args.bucket));
  auto dict = model.getDictionary();
  const int32_t nwords = dict->nwords();
  c->words_.reserve(static_cast<size_t>(nwords));
  for (int32_t i = 0; i < nwords; ++i) c->words_.push_back(dict->getWord(i));
  c->slots_.assign(std::bit_ceil(static_cast<size_t>(nwords) * 2 + 1),
                   Slot{0, -1});
  for (int32_t i = 0; i < nwords; ++i) {
    const uint32_t h = WordHash(c->words_[static_cast<size_t>(i)]);
    size_t slot = h & (c->slots_.size() - 1);
    while (c->slots_[slot].id >= 0) slot = (slot + 1) & (c->slots_.size() - 1);
    c->slots_[slot] = Slot{h, i};
  }
  if (dict->nlabels() < 1 || dict->nlabels() > kMaxLabels ||
      args.dim > kMaxDim) {
    throw std::invalid_argument(
        "unsupported fastText model: 1 to 16 labels, at most 64 dimensions");
  }
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string label = dict->getLabel(i);
    if (std::string_view(label).starts_with(kLabelPrefix)) {
      label.erase(0, kLabelPrefix.size());
    }
    c->labels_.push_back(std::move(label));
  }
  auto input = model.getInputMatrix();
  auto output = model.getOutputMatrix();
  if (input->cols() != args.dim || output->cols() != args.dim ||
      input->rows() != nwords + args.bucket ||
      output->rows() != dict->nlabels()) {
    throw std::invalid_argument("fastText model: matrices do not match");
  }
  c->input_.assign(input->data(), input->data() + input->rows() * args.dim);
  c->output_.assign(output->data(), output->data() + output->rows() * args.dim);
  return c;
}

int32_t TextClassifier::Find(std::string_view word, uint32_t hash) const {
  // The hash sits beside the id, so a word the model does not know (most of
  // a reply's words) costs no string comparison.
  for (size_t slot = hash & (slots_.size() - 1);;
       slot = (slot + 1) & (slots_.size() - 1)) {
    const Slot& s = slots_[slot];
    if (s.id < 0) return -1;
    if (s.hash == hash && words_[static_cast<size_t>(s.id)] == word) {
      return s.id;
    }
  }
}

double TextClassifier::Probability(std::string_view text,
                                   std::string_view label) const {
  const auto which = std::find(labels_.begin(), labels_.end(), label);
  if (which == labels_.end()) return 0.0;
  const std::string normalised = Normalise(text, max_bytes_);
  // As fastText reads a line: its words, then the end-of-line word; known
  // words add their row, every word's hash feeds the n-gram buckets.
  float hidden[kMaxDim] = {};
  size_t rows = 0;
  auto add_row = [&](uint64_t row) {
    const float* r = &input_[row * static_cast<uint64_t>(dim_)];
    for (int d = 0; d < dim_; ++d) hidden[d] += r[d];
    ++rows;
  };
  // The last word_ngrams_ - 1 hashes, for the n-grams ending at each word.
  int32_t recent[8];
  const int n = std::min(word_ngrams_, 8);
  int seen = 0;
  auto add_word = [&](std::string_view word) {
    const uint32_t h = WordHash(word);
    const int32_t id = Find(word, h);
    if (id >= 0) {
      add_row(static_cast<uint64_t>(id));
    } else if (word.starts_with(kLabelPrefix)) {
      return;  // fastText reads it as a label, not a word
    }
    // fastText keeps the hashes as int32 and widens them with their sign.
    const int32_t signed_h = static_cast<int32_t>(h);
    for (int back = std::min(seen, n - 1); back >= 1; --back) {
      uint64_t g = static_cast<uint64_t>(
          static_cast<int64_t>(recent[(seen - back) % 8]));
      for (int k = back - 1; k >= 1; --k) {
        g = g * 116049371u +
            static_cast<uint64_t>(static_cast<int64_t>(recent[(seen - k) % 8]));
      }
      g = g * 116049371u +
          static_cast<uint64_t>(static_cast<int64_t>(signed_h));
      add_row(words_.size() + buckets_(g));
    }
    recent[seen % 8] = signed_h;
    ++seen;
  };
  size_t start = 0;
  while (start < normalised.size()) {
    size_t end = normalised.find(' ', start);
    if (end == std::string::npos) end = normalised.size();
    if (end > start) {
      add_word(std::string_view(normalised).substr(start, end - start));
    }
    start = end + 1;
  }
  add_word(kEos);
  if (rows == 0) return 0.0;
  for (int d = 0; d < dim_; ++d) hidden[d] /= static_cast<float>(rows);
  // Softmax over the labels.
  float scores[kMaxLabels];
  float top = -INFINITY;
  for (size_t l = 0; l < labels_.size(); ++l) {
    float s = 0;
    for (int d = 0; d < dim_; ++d) {
      s += output_[l * static_cast<size_t>(dim_) + static_cast<size_t>(d)] *
           hidden[d];
    }
    scores[l] = s;
    top = std::max(top, s);
  }
  double sum = 0;
  for (size_t l = 0; l < labels_.size(); ++l) {
    sum += std::exp(static_cast<double>(scores[l] - top));
  }
  const size_t l = static_cast<size_t>(which - labels_.begin());
  return std::exp(static_cast<double>(scores[l] - top)) / sum;
}

std::string TextClassifier::Normalise(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text = text.substr(0, cut);
  }
  // At most three bytes out per byte in (" , "); written through a pointer,
  // as this runs on every reply.
  std::string out(text.size() * 3, '\0');
  char* o = out.data();
  char* const begin = o;
  for (unsigned char c : text) {
    if (IsSpace(c)) {
      if (o != begin && o[-1] != ' ') *o++ = ' ';
    } else if (IsAsciiPunct(c)) {
      if (o != begin && o[-1] != ' ') *o++ = ' ';
      *o++ = static_cast<char>(c);
      *o++ = ' ';
    } else if (c >= 'A' && c <= 'Z') {
      *o++ = static_cast<char>(c - 'A' + 'a');
    } else {
      *o++ = static_cast<char>(c);
    }
  }
  while (o != begin && o[-1] == ' ') --o;
  out.resize(static_cast<size_t>(o - begin));
  return out;
}

}  // namespace micrometrics::metrics
