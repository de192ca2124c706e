#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/event.h"

namespace micrometrics::metrics {

/// How a request body holds its events.
enum class BodyFormat {
  kJson,    ///< one JSON object or a JSON array of objects
  kNdjson,  ///< one JSON object per line
};

/// Why one item of a batch was rejected; the `reason` label of
/// micrometrics_events_rejected_total.
enum class RejectReason {
  kInvalidJson,
  kInvalidField,
  kInvalidUtf8,
  kNoContent
};
std::string_view RejectReasonName(RejectReason reason);

/// One rejected item: its index in the batch and a message naming the problem.
struct ItemError {
  size_t index = 0;
  RejectReason reason = RejectReason::kInvalidField;
  std::string message;
};

/// The body as a whole is not JSON: nothing in it is accepted.
struct DocumentError {
  size_t offset = 0;  ///< byte offset of the error in the body
  std::string message;
};

/// The outcome of parsing one request body.
struct ParsedBody {
  std::optional<DocumentError> document_error;
  std::vector<Event> events;      ///< good items, in order
  std::vector<ItemError> errors;  ///< bad items, by index
  size_t items = 0;               ///< events.size() + errors.size()
};

/// Parses request bodies into Events with simdjson's On-Demand API.
/// Not thread-safe: it owns a parser with its buffers, so use one per thread.
class EventParser {
 public:
  EventParser();
  ~EventParser();
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  /// What an event must carry to be accepted.
  enum class Content {
    /// A call that happened: output, a tool call, usage, a time or an error
    /// status (POST /v1/events, replay).
    kCallResult,
    /// Also a prompt alone, `input` or `messages`: screening a prompt before
    /// the call (POST /v1/check).
    kCallResultOrPrompt,
  };

  /// Parses `body`, which it may modify (padding, and invalid UTF-8 bytes
  /// are overwritten after they have been located).
  ParsedBody Parse(std::string& body, BodyFormat format,
                   Content content = Content::kCallResult);

  /// The number of items in `body` without parsing them (for refusing a
  /// whole body cheaply when the queue is full): non-blank lines of NDJSON,
  /// the elements of a JSON array (simdjson's structural pass only), 1 for
  /// an object. nullopt when the body is not well-formed enough to count;
  /// Parse then says what is wrong. May pad `body` as Parse does.
  std::optional<size_t> CountItems(std::string& body, BodyFormat format);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace micrometrics::metrics
