#include "metrics/alerting/window.h"

#include <algorithm>
#include <cmath>

namespace micrometrics::metrics {

const std::vector<double>& SlidingWindow::ValueBounds() {
  // 1e-3 .. ~1e7 in steps of 2^(1/4) (19% apart): fine enough for p95 of
  // latencies in ms or seconds, token counts and rates.
  static const std::vector<double> bounds = [] {
    std::vector<double> b;
    for (double v = 1e-3; v < 2e7; v *= std::pow(2.0, 0.25)) b.push_back(v);
    return b;
  }();
  return bounds;
}

std::optional<double> WindowTotals::ValueQuantile(double q) const {
  uint64_t total = 0;
  for (uint32_t c : values) total += c;
  if (total == 0) return std::nullopt;
  const auto rank =
      static_cast<uint64_t>(std::ceil(q * static_cast<double>(total)));
  uint64_t seen = 0;
  const auto& bounds = SlidingWindow::ValueBounds();
  for (size_t i = 0; i < values.size(); ++i) {
    seen += values[i];
    if (seen >= std::max<uint64_t>(rank, 1)) {
      return i < bounds.size() ? bounds[i] : bounds.back();
    }
  }
  return bounds.back();
}

void WindowTotals::Merge(const WindowTotals& o) {
  OutcomeCounts::Merge(o);
  if (values.size() < o.values.size()) values.resize(o.values.size());
  for (size_t i = 0; i < o.values.size(); ++i) values[i] += o.values[i];
}

void WindowTotals::Subtract(const WindowTotals& o) {
  OutcomeCounts::Subtract(o);
  for (size_t i = 0; i < o.values.size() && i < values.size(); ++i) {
    values[i] -= std::min(values[i], o.values[i]);
  }
}

SlidingWindow::SlidingWindow(AlertClock::duration window, int buckets,
                             bool track_values)
    : width_(std::max<AlertClock::duration>(window / buckets,
                                            std::chrono::milliseconds(1))),
      track_values_(track_values),
      slot_index_(static_cast<size_t>(buckets), -1),
      slots_(static_cast<size_t>(buckets)) {}

int64_t SlidingWindow::BucketIndex(AlertClock::time_point t) const {
  return t.time_since_epoch() / width_;
}

void SlidingWindow::Add(AlertClock::time_point t, Outcome outcome,
                        std::optional<double> value) {
  const int64_t index = BucketIndex(t);
  const size_t slot = static_cast<size_t>(index) % slots_.size();
  if (slot_index_[slot] != index) {
    if (slot_index_[slot] > index) return;  // older than the window holds
    slot_index_[slot] = index;
    slots_[slot] = WindowTotals{};
  }
  WindowTotals& s = slots_[slot];
  s.Add(outcome);
  if (track_values_ && value) {
    const auto& bounds = ValueBounds();
    if (s.values.empty()) s.values.assign(bounds.size() + 1, 0);
    size_t b = static_cast<size_t>(
        std::lower_bound(bounds.begin(), bounds.end(), *value) -
        bounds.begin());
    ++s.values[b];
  }
  last_add_ = std::max(last_add_, t);
}

WindowTotals SlidingWindow::Sum(AlertClock::time_point now) const {
  const int64_t newest = BucketIndex(now);
  const int64_t oldest = newest - static_cast<int64_t>(slots_.size()) + 1;
  WindowTotals total;
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (slot_index_[i] >= oldest && slot_index_[i] <= newest) {
      total.Merge(slots_[i]);
    }
  }
  return total;
}

WindowSnapshot SlidingWindow::Snapshot() const {
  WindowSnapshot out;
  out.width = width_;
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (slot_index_[i] >= 0 && slots_[i].events() > 0) {
      out.buckets.emplace_back(slot_index_[i], slots_[i]);
    }
  }
  std::sort(out.buckets.begin(), out.buckets.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

bool SlidingWindow::Restore(const WindowSnapshot& snapshot) {
  if (snapshot.width != width_) return false;
  const size_t value_buckets = ValueBounds().size() + 1;
  for (const auto& [index, totals] : snapshot.buckets) {
    if (index < 0) continue;
    const size_t slot = static_cast<size_t>(index) % slots_.size();
    if (slot_index_[slot] > index) continue;  // a newer bucket holds it
    slot_index_[slot] = index;
    slots_[slot] = totals;
    if (!track_values_ || slots_[slot].values.size() != value_buckets) {
      slots_[slot].values.clear();
    }
    last_add_ = std::max(last_add_, AlertClock::time_point(index * width_));
  }
  return true;
}

}  // namespace micrometrics::metrics
