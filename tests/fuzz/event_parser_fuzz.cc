// libFuzzer target: any request body, in both formats, must parse without
// crashing, and every item must end up either as an event or as an error;
// the cheap count used to refuse bodies under overload must agree with the
// parse whenever both succeed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "metrics/event_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static micrometrics::metrics::EventParser parser;
  for (auto format : {micrometrics::metrics::BodyFormat::kJson,
                      micrometrics::metrics::BodyFormat::kNdjson}) {
    std::string body(reinterpret_cast<const char*>(data), size);
    std::string copy = body;
    auto count = parser.CountItems(copy, format);
    auto parsed = parser.Parse(body, format);
    if (count && !parsed.document_error && *count != parsed.items) {
      __builtin_trap();
    }
    if (!parsed.document_error &&
        parsed.items != parsed.events.size() + parsed.errors.size()) {
      __builtin_trap();
    }
    if (parsed.document_error && parsed.document_error->offset > size) {
      __builtin_trap();
    }
  }
  return 0;
}
