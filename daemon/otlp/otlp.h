#pragma once

#include <cstdint>
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

/// One verdict as an OpenTelemetry `gen_ai.evaluation.result` event.
struct EvaluationRecord {
  std::string metric;           ///< gen_ai.evaluation.name
  std::string outcome;          ///< gen_ai.evaluation.score.label
  std::optional<double> value;  ///< gen_ai.evaluation.score.value
  std::string reason;           ///< gen_ai.evaluation.explanation
  std::string trace_id;         ///< hex, of the evaluated call's span
  std::string span_id;
  std::string response_id;  ///< gen_ai.response.id
  std::string event_id;     ///< micrometrics.event.id
  std::vector<std::pair<std::string, std::string>> labels;  ///< label names
  uint64_t time_unix_nano = 0;
};

/// An ExportLogsServiceRequest of `records` (one resource with
/// service.name = `service_name`, scope "micrometrics"): protobuf, or
/// OTLP/JSON (hex trace ids, as the OTLP spec has them).
std::string EncodeEvaluationResults(
    const std::vector<EvaluationRecord>& records,
    const std::string& service_name, bool json);

/// Inflates a gzip body; nullopt when it is not gzip or would exceed
/// `max_bytes` once inflated.
std::optional<std::string> Gunzip(const std::string& body, size_t max_bytes);

}  // namespace micrometrics::daemon
