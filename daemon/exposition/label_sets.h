#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/exposition/collectable.h"
#include "daemon/exposition/text_writer.h"

namespace micrometrics::daemon {

/// A growable array whose elements never move: fixed-size chunks allocated
/// on first use, so At() is lock-free and a pointer to an element stays valid
/// for the array's life. Elements are value-initialised (atomics start at 0).
template <typename T, size_t kChunk = 256>
class ChunkedArray {
 public:
  explicit ChunkedArray(size_t capacity)
      : chunks_((capacity + kChunk - 1) / kChunk) {}
  ~ChunkedArray() {
    for (auto& c : chunks_) delete[] c.load(std::memory_order_relaxed);
  }
  ChunkedArray(const ChunkedArray&) = delete;
  ChunkedArray& operator=(const ChunkedArray&) = delete;

  size_t capacity() const { return chunks_.size() * kChunk; }

  /// Element `i` (< capacity()), its chunk allocated if need be.
  T& At(size_t i) {
    auto& slot = chunks_[i / kChunk];
    T* chunk = slot.load(std::memory_order_acquire);
    if (!chunk) {
      T* fresh = new T[kChunk]();
      if (slot.compare_exchange_strong(chunk, fresh,
                                       std::memory_order_acq_rel)) {
        chunk = fresh;
      } else {
        delete[] fresh;  // another thread won; `chunk` is theirs
      }
    }
    return chunk[i % kChunk];
  }

  /// Element `i`, or nullptr if its chunk was never allocated.
  const T* Get(size_t i) const {
    const T* chunk = chunks_[i / kChunk].load(std::memory_order_acquire);
    return chunk ? &chunk[i % kChunk] : nullptr;
  }

 private:
  std::vector<std::atomic<T*>> chunks_;
};

/// The label sets seen so far (an event's label values after the limits),
/// each kept once with a dense id, and per set the OpenTelemetry GenAI
/// histograms (operation duration, time to first chunk, token usage by
/// type). Per-set series elsewhere (the check counters) are arrays indexed
/// by the id, so a label set costs its values once instead of a label map
/// per series. Bounded: past `max_sets`, new combinations are counted under
/// the overflow set, whose every value is "__other__". Thread-safe: Find
/// takes a mutex only to add a set; reading sets is lock-free. Exposes
/// micrometrics_label_sets, the overflow counters and the GenAI histograms.
class LabelSets final : public Collectable {
 public:
  enum GenAi { kDuration, kTimeToFirstChunk, kInputTokens, kOutputTokens };
  static constexpr size_t kGenAiBounds = 14;

  struct Set {
    uint32_t id = 0;
    std::vector<std::string> values;
    std::array<AtomicHistogram<kGenAiBounds>, 4> genai;
    /// The latest traced observation of the duration and time-to-first-
    /// chunk histograms (OpenMetrics exemplars).
    std::array<ExemplarSlot, 2> exemplars;
  };

  LabelSets(std::vector<std::string> names, size_t max_sets);
  ~LabelSets();

  /// The set of `values`, created on first use. At capacity, a new
  /// combination gets the overflow set and `*overflowed` is set. The pointer
  /// stays valid for the object's life.
  Set* Find(const std::vector<std::string>& values, bool* overflowed);
  /// The lookup key of a set's values (also the Recorders' cache key).
  static std::string Key(const std::vector<std::string>& values);
  static void Observe(Set* set, GenAi kind, double value);

  size_t size() const { return size_.load(std::memory_order_acquire); }
  size_t max_sets() const { return max_sets_; }

  /// Calls f(const Set&, std::span<const Label> labels_sorted_by_name) for
  /// every set in id order (sets added meanwhile may be left out).
  template <typename F>
  void ForEach(F&& f) const {
    std::vector<Label> labels(names_.size());
    const size_t n = size();
    for (size_t id = 0; id < n; ++id) {
      const Set* set = by_id_.Get(id)->load(std::memory_order_acquire);
      for (size_t i = 0; i < order_.size(); ++i) {
        labels[i] = {names_[order_[i]], set->values[order_[i]]};
      }
      f(*set, std::span<const Label>(labels));
    }
  }

  /// An event counted under the overflow set (past max_sets).
  void CountSetOverflow() {
    set_overflow_.fetch_add(1, std::memory_order_relaxed);
  }
  /// A value of label `label` (index) counted as __other__.
  void CountValueOverflow(size_t label) {
    value_overflow_[label].fetch_add(1, std::memory_order_relaxed);
  }

  void Collect(TextWriter& out) const override;

 private:
  /// Gives `set` the next id and makes it visible to ForEach (under mu_).
  void Publish(Set* set);

  std::vector<std::string> names_;
  std::vector<size_t> order_;  ///< label indices sorted by name
  size_t max_sets_;
  std::mutex mu_;  ///< adding a set
  std::unordered_map<std::string, std::unique_ptr<Set>> sets_;
  Set* overflow_ = nullptr;
  ChunkedArray<std::atomic<Set*>> by_id_;
  std::atomic<size_t> size_{0};
  std::atomic<uint64_t> set_overflow_{0};
  std::unique_ptr<std::atomic<uint64_t>[]> value_overflow_;  ///< by label
};

}  // namespace micrometrics::daemon
