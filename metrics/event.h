#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace micrometrics::metrics {

/// One message of a conversation, as in the OpenAI chat format.
struct Message {
  std::string role;
  std::string content;
};

/// Token counts of one LLM call.
struct Usage {
  std::optional<int64_t> input_tokens;
  std::optional<int64_t> output_tokens;
};

/// One LLM call as reported by the service (PRODUCT.md "Event").
/// A plain value type: every field is optional, absent fields are empty.
/// Not synchronised; an Event is owned by one thread at a time.
struct Event {
  std::string id;
  std::optional<std::chrono::system_clock::time_point> timestamp;
  std::string conversation_id;
  std::optional<int64_t> turn;
  std::string model;
  std::string provider;
  std::string prompt_version;
  std::string route;
  std::string tenant;
  std::string locale;
  std::string channel;
  std::optional<std::string> input;
  std::vector<Message> messages;
  std::optional<std::string> output;
  std::optional<double> latency_ms;
  std::optional<double> ttft_ms;
  Usage usage;
  std::string finish_reason;
  /// Tool or function calls in the reply (from an OpenAI payload): output of
  /// its own kind, so a reply that is only a tool call is not empty.
  int64_t tool_calls = 0;
  std::string status;
  std::string error_type;
  /// The provider's id of the response (OpenAI's chatcmpl-..., OTLP's
  /// gen_ai.response.id), when known.
  std::string response_id;
  /// W3C trace context of the call, lowercase hex (32 and 16 digits), or
  /// empty: what exemplars and evaluation results point back to.
  std::string trace_id;
  std::string span_id;
  /// Free-form string attributes, in the order they arrived.
  std::vector<std::pair<std::string, std::string>> attributes;
  /// Not part of the event format: where the event came from, when known
  /// (replay: its line number). 0 otherwise.
  uint64_t sequence = 0;

  /// The value of a selectable field by name, as used by `when:` filters and
  /// labels: the string fields above, `turn` (decimal), and `attributes.KEY`.
  /// Returns nullopt when the field is absent or the name is unknown.
  std::optional<std::string> Field(std::string_view name) const;

  /// True if `name` is a field Field() can return.
  static bool IsSelectableField(std::string_view name);
};

/// `hex` as a trace id (32 hex digits) or span id (16), lowercased; nullopt
/// when it is not exactly that many hex digits or all zeros (invalid in W3C
/// trace context).
std::optional<std::string> NormalizeTraceHex(std::string_view hex,
                                             size_t digits);

}  // namespace micrometrics::metrics
