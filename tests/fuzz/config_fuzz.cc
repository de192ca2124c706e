// libFuzzer target: any YAML text must load into a Config or fail with a
// ConfigError naming FILE:LINE:COLUMN; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"
#include "metrics/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const micrometrics::metrics::EvaluatorRegistry* registry = [] {
    auto* r = new micrometrics::metrics::EvaluatorRegistry;
    micrometrics::metrics::RegisterBuiltinEvaluators(*r);
    return r;
  }();
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  try {
    micrometrics::config::ParseConfig(yaml, "fuzz.yaml", *registry);
  } catch (const micrometrics::config::ConfigError& e) {
    if (std::string(e.what()).rfind("fuzz.yaml:", 0) != 0) __builtin_trap();
  }
  return 0;
}
