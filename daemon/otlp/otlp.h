#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/event.h"

namespace micrometrics::daemon {

/// What an OTLP/HTTP trace export turned into.
struct OtlpTraces {
  std::optional<std::string> error;  ///< the body is not an export request
  std::vector<metrics::Event> events;
  size_t ignored_spans = 0;   ///< no gen_ai.* attributes
  size_t rejected_spans = 0;  ///< GenAI spans that are not valid events
  std::string rejection;      ///< why, for partial_success.error_message
};

/// Turns OTLP trace exports (protobuf or JSON, as the OpenTelemetry
/// exporters send them) into events: every span with gen_ai.* attributes
/// (OpenTelemetry GenAI semantic conventions) becomes one; `mapping` maps
/// further resource or span attributes to event fields (service.name ->
/// route). Thread-safe (no state).
OtlpTraces ParseOtlpTraces(const std::string& body, bool protobuf,
                           const std::map<std::string, std::string>& mapping);

/// The ExportTraceServiceResponse for a result, in the request's encoding.
std::string OtlpResponse(const OtlpTraces& result, bool protobuf);

/// Inflates a gzip body; nullopt when it is not gzip or would exceed
/// `max_bytes` once inflated.
std::optional<std::string> Gunzip(const std::string& body, size_t max_bytes);

}  // namespace micrometrics::daemon
