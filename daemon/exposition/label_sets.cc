#include "daemon/exposition/label_sets.h"

#include <algorithm>
#include <numeric>

#include "metrics/labels.h"

namespace micrometrics::daemon {
namespace {

// OpenTelemetry GenAI semantic conventions, recommended boundaries.
constexpr std::array<double, LabelSets::kGenAiBounds> kDurationBounds = {
    0.01, 0.02, 0.04, 0.08,  0.16,  0.32,  0.64,
    1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
constexpr std::array<double, LabelSets::kGenAiBounds> kTokenBounds = {
    1,     4,     16,     64,      256,     1024,     4096,
    16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};

const std::array<double, LabelSets::kGenAiBounds>& Bounds(
    LabelSets::GenAi kind) {
  return kind == LabelSets::kDuration || kind == LabelSets::kTimeToFirstChunk
             ? kDurationBounds
             : kTokenBounds;
}

}  // namespace

std::string LabelSets::Key(const std::vector<std::string>& values) {
  std::string key;
  for (const auto& v : values) {
    key += v;
    key += '\x1f';
  }
  return key;
}

LabelSets::LabelSets(std::vector<std::string> names, size_t max_sets)
    : names_(std::move(names)),
      order_(names_.size()),
      max_sets_(std::max<size_t>(max_sets, 1)),
      by_id_(max_sets_ + 1),
      value_overflow_(new std::atomic<uint64_t>[names_.size()]()) {
  std::iota(order_.begin(), order_.end(), size_t{0});
  std::sort(order_.begin(), order_.end(),
            [&](size_t a, size_t b) { return names_[a] < names_[b]; });
}

LabelSets::~LabelSets() = default;

LabelSets::Set* LabelSets::Find(const std::vector<std::string>& values,
                                bool* overflowed) {
  std::string key = Key(values);
  std::lock_guard lock(mu_);
  if (auto it = sets_.find(key); it != sets_.end()) return it->second.get();
  if (sets_.size() - (overflow_ ? 1 : 0) < max_sets_) {
    auto& slot = sets_[std::move(key)];
    slot = std::make_unique<Set>();
    slot->values = values;
    Publish(slot.get());
    return slot.get();
  }
  if (overflowed) *overflowed = true;
  if (!overflow_) {
    std::vector<std::string> other(values.size(),
                                   std::string(metrics::kOtherLabelValue));
    auto& slot = sets_[Key(other)];
    if (!slot) {
      slot = std::make_unique<Set>();
      slot->values = std::move(other);
      Publish(slot.get());
    }
    overflow_ = slot.get();
  }
  return overflow_;
}

void LabelSets::Publish(Set* set) {
  const size_t id = size_.load(std::memory_order_relaxed);
  set->id = static_cast<uint32_t>(id);
  by_id_.At(id).store(set, std::memory_order_release);
  size_.store(id + 1, std::memory_order_release);
}

void LabelSets::Observe(Set* set, GenAi kind, double value) {
  set->genai[kind].Observe(Bounds(kind), value);
}

void LabelSets::Collect(TextWriter& out) const {
  WriteSingle(out, series::kLabelSets, static_cast<double>(size()));
  WriteSingle(out, series::kLabelSetOverflow,
              static_cast<double>(set_overflow_.load()));
  out.Family(series::kLabelOverflow);
  for (size_t i = 0; i < names_.size(); ++i) {
    const Label label[] = {{"label", names_[i]}};
    out.Sample(series::kLabelOverflow.name, label, {},
               value_overflow_[i].load(std::memory_order_relaxed));
  }

  struct Family {
    const series::Name& name;
    GenAi kinds[2];
    const char* token_types[2];
  };
  static const Family kFamilies[] = {
      {series::kGenAiDuration, {kDuration, kDuration}, {nullptr, nullptr}},
      {series::kGenAiTimeToFirstChunk,
       {kTimeToFirstChunk, kTimeToFirstChunk},
       {nullptr, nullptr}},
      {series::kGenAiTokenUsage,
       {kInputTokens, kOutputTokens},
       {"input", "output"}},
  };
  for (const Family& f : kFamilies) {
    out.Family(f.name);
    const std::string name = f.name.str();
    ForEach([&](const Set& set, std::span<const Label> labels) {
      for (int k = 0; k < 2; ++k) {
        if (!f.token_types[k]) {
          // Latency: the trace of the latest traced call, as an exemplar.
          std::optional<Exemplar> exemplar;
          if (out.openmetrics()) {
            exemplar = set.exemplars[f.kinds[k] == kDuration ? 0 : 1].Load();
          }
          WriteHistogram(out, name, labels, {}, Bounds(f.kinds[k]),
                         set.genai[f.kinds[k]],
                         exemplar ? &*exemplar : nullptr);
          break;
        }
        const Label type[] = {{"gen_ai_token_type", f.token_types[k]}};
        WriteHistogram(out, name, labels, type, Bounds(f.kinds[k]),
                       set.genai[f.kinds[k]]);
      }
    });
  }
}

}  // namespace micrometrics::daemon
