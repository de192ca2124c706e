#include "metrics/micro_metric.h"

#include <algorithm>
#include <cstdint>
#include <random>

namespace micrometrics::metrics {
namespace {

uint64_t Fnv1a(std::string_view a, std::string_view b) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(a);
  mix(std::string_view("\x1f", 1));
  mix(b);
  return h;
}

// A uniform number in [0, 1) from the top 53 bits.
double ToUnit(uint64_t x) {
  return static_cast<double>(x >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kShadow:
      return "shadow";
    case Stage::kActive:
      return "active";
    case Stage::kDeprecated:
      return "deprecated";
  }
  return "active";
}

bool EventFilter::Matches(const Event& event) const {
  for (const auto& [field, values] : fields) {
    std::optional<std::string> v = event.Field(field);
    if (!v || std::find(values.begin(), values.end(), *v) == values.end()) {
      return false;
    }
  }
  return true;
}

bool MicroMetric::Selects(const Event& event) const {
  if (!when.Matches(event)) return false;
  if (sample >= 1.0) return true;
  if (sample <= 0.0) return false;
  if (!event.id.empty()) return SampleUnit(name, event.id) < sample;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return ToUnit(rng()) < sample;
}

double SampleUnit(std::string_view salt, std::string_view key) {
  uint64_t h = Fnv1a(salt, key);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return ToUnit(h);
}

}  // namespace micrometrics::metrics
