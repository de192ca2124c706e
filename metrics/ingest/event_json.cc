#include "metrics/ingest/event_json.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "metrics/ingest/item_parser.h"
#include "metrics/text/text.h"

namespace micrometrics::metrics {
namespace {

using namespace ingest_detail;  // NOLINT: the item parser's own types

// Finds where and why a body is not JSON, without exceptions: nlohmann's SAX
// parser reports the exact byte position of the first syntax error.
struct SyntaxErrorLocator : nlohmann::json_sax<nlohmann::json> {
  size_t position = 0;
  std::string message;
  bool failed = false;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    failed = true;
    position = pos;
    // "[json.exception.parse_error.101] parse error at line 1, column 9:
    // syntax error while parsing ..." -> keep what follows "column N: ".
    // "[json.exception.out_of_range.406] number overflow parsing '1e400'"
    // -> keep what follows "] ".
    std::string what = ex.what();
    size_t column = what.find("column");
    size_t cut =
        column != std::string::npos ? what.find(": ", column) : what.find("] ");
    message = cut == std::string::npos ? what : what.substr(cut + 2);
    return false;
  }
};

DocumentError LocateSyntaxError(std::string_view text, error_code fallback,
                                size_t fallback_offset) {
  SyntaxErrorLocator locator;
  nlohmann::json::sax_parse(text.begin(), text.end(), &locator,
                            nlohmann::json::input_format_t::json, true);
  if (locator.failed) {
    // nlohmann counts the characters read, the failing one included; at the
    // end of the input the failing "character" is the end itself.
    size_t offset = locator.position > 0 ? locator.position - 1 : 0;
    if (locator.message.find("unexpected end of input") != std::string::npos) {
      offset = text.size();
    }
    return {offset, "malformed JSON at byte " + std::to_string(offset) + ": " +
                        locator.message};
  }
  return {fallback_offset, "malformed JSON at byte " +
                               std::to_string(fallback_offset) + ": " +
                               simdjson::error_message(fallback)};
}

bool HasContent(const Event& ev) {
  return ev.output.has_value() || ev.tool_calls > 0 || ev.status == "error" ||
         ev.usage.input_tokens.has_value() ||
         ev.usage.output_tokens.has_value() || ev.latency_ms.has_value() ||
         ev.ttft_ms.has_value();
}

// One item on its way through the parse: its start offset, its event or its
// error, and (slow path only) where its keys were.
struct Slot {
  size_t start = 0;
  Event event;
  ItemState state;
  KeyLog keys;
};

size_t Offset(const char* base, simdjson::simdjson_result<const char*> loc,
              size_t fallback) {
  const char* p = nullptr;
  if (std::move(loc).get(p) || p == nullptr || p < base) return fallback;
  return static_cast<size_t>(p - base);
}

// True when nothing but white space follows what was consumed.
bool AtEnd(od::document& doc) {
  const char* p = nullptr;
  return doc.current_location().get(p) == simdjson::OUT_OF_BOUNDS;
}

}  // namespace

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kInvalidJson:
      return "invalid_json";
    case RejectReason::kInvalidField:
      return "invalid_field";
    case RejectReason::kInvalidUtf8:
      return "invalid_utf8";
    case RejectReason::kNoContent:
      return "no_content";
  }
  return "invalid_field";
}

namespace {

// Calls f(offset, line) for every line of an NDJSON body that is not blank:
// the items, as Parse and CountItems both see them.
template <typename F>
void ForEachNdjsonItem(std::string_view body, F&& f) {
  size_t line_start = 0;
  while (line_start < body.size()) {
    size_t line_end = body.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = body.size();
    std::string_view line = body.substr(line_start, line_end - line_start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      f(line_start, line);
    }
    line_start = line_end + 1;
  }
}

}  // namespace

struct EventParser::Impl {
  od::parser parser;
};

EventParser::EventParser() : impl_(std::make_unique<Impl>()) {}
EventParser::~EventParser() = default;

std::optional<size_t> EventParser::CountItems(std::string& body,
                                              BodyFormat format) {
  const size_t size = body.size();
  const char* base = body.data();
  if (format == BodyFormat::kNdjson) {
    size_t n = 0;
    ForEachNdjsonItem(std::string_view(base, size),
                      [&](size_t, std::string_view) { ++n; });
    return n;
  }
  const size_t first =
      std::string_view(base, size).find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  if (base[first] == '{') return 1;
  if (base[first] != '[') return std::nullopt;
  body.reserve(size + simdjson::SIMDJSON_PADDING);
  base = body.data();
  od::document doc;
  od::array arr;
  size_t n = 0;
  if (impl_->parser.iterate(base, size, body.capacity()).get(doc) ||
      doc.get_array().get(arr) || arr.count_elements().get(n)) {
    return std::nullopt;
  }
  return n;
}

ParsedBody EventParser::Parse(std::string& body, BodyFormat format,
                              Content content) {
  ParsedBody result;
  const size_t size = body.size();

  // simdjson rejects a whole document for one bad byte; we want to reject
  // only the event holding it. So locate invalid bytes, overwrite each with
  // '?' (same length, offsets unchanged), and charge them to their items.
  std::vector<size_t> bad_bytes;
  if (!simdjson::validate_utf8(body.data(), size)) {
    size_t pos = 0;
    while (pos < size) {
      size_t r = FindInvalidUtf8(std::string_view(body).substr(pos));
      if (r == std::string_view::npos) break;
      bad_bytes.push_back(pos + r);
      body[pos + r] = '?';
      pos += r + 1;
    }
  }
  const bool log_keys = !bad_bytes.empty();
  body.reserve(size + simdjson::SIMDJSON_PADDING);
  const char* base = body.data();
  const size_t capacity = body.capacity();

  std::vector<Slot> slots;
  auto parse_item = [&](od::value item, Slot& slot) {
    ItemParser p(base, log_keys ? &slot.keys : nullptr);
    return p.ParseEvent(item, slot.event, slot.state);
  };

  if (format == BodyFormat::kNdjson) {
    ForEachNdjsonItem(std::string_view(base, size), [&](size_t line_start,
                                                        std::string_view line) {
      Slot& slot = slots.emplace_back();
      slot.start = line_start;
      od::document doc;
      error_code e =
          impl_->parser
              .iterate(base + line_start, line.size(), capacity - line_start)
              .get(doc);
      // A document that failed to start has no location to ask for.
      const bool started = !e;
      od::value root;
      if (!e) e = doc.get_value().get(root);
      if (!e) e = parse_item(root, slot);
      if (!e && !AtEnd(doc)) e = simdjson::TRAILING_CONTENT;
      if (e) {
        DocumentError de = LocateSyntaxError(
            line, e,
            started ? Offset(base + line_start, doc.current_location(), 0) : 0);
        slot.state.error.reset();
        slot.state.Reject(RejectReason::kInvalidJson, de.message);
      }
    });
  } else {
    if (std::string_view(base, size).find_first_not_of(" \t\r\n") ==
        std::string_view::npos) {
      result.document_error = DocumentError{0, "empty body"};
      return result;
    }
    od::document doc;
    error_code e = impl_->parser.iterate(base, size, capacity).get(doc);
    const bool started = !e;
    od::json_type type = od::json_type::null;
    if (!e) e = doc.type().get(type);
    if (!e && type == od::json_type::array) {
      od::array arr;
      e = doc.get_array().get(arr);
      if (!e) {
        for (auto item_result : arr) {
          od::value item;
          if ((e = std::move(item_result).get(item))) break;
          Slot& slot = slots.emplace_back();
          slot.start = Offset(base, item.current_location(), 0);
          if ((e = parse_item(item, slot))) break;
        }
      }
    } else if (!e && type == od::json_type::object) {
      od::value root;
      e = doc.get_value().get(root);
      if (!e) {
        Slot& slot = slots.emplace_back();
        e = parse_item(root, slot);
      }
    } else if (!e) {
      result.document_error =
          DocumentError{0, "expected a JSON object or an array of objects"};
      return result;
    }
    if (!e && !AtEnd(doc)) e = simdjson::TRAILING_CONTENT;
    if (e) {
      result.document_error = LocateSyntaxError(
          std::string_view(base, size), e,
          started ? Offset(base, doc.current_location(), size) : size);
      return result;
    }
  }

  // Charge each invalid byte to the item (and top-level field) holding it.
  for (size_t pos : bad_bytes) {
    auto it =
        std::upper_bound(slots.begin(), slots.end(), pos,
                         [](size_t p, const Slot& s) { return p < s.start; });
    if (it == slots.begin()) continue;
    Slot& slot = *std::prev(it);
    if (slot.state.error &&
        slot.state.error->reason == RejectReason::kInvalidUtf8) {
      continue;
    }
    std::string field;
    for (const auto& [key_pos, key] : slot.keys) {
      if (key_pos <= pos) field = key;
    }
    slot.state.error.reset();
    slot.state.Reject(
        RejectReason::kInvalidUtf8,
        "invalid UTF-8 " +
            (field.empty() ? std::string() : "in field '" + field + "' ") +
            "at byte " + std::to_string(pos));
  }

  result.items = slots.size();
  for (size_t i = 0; i < slots.size(); ++i) {
    Slot& slot = slots[i];
    if (slot.state.error || HasContent(slot.event)) {
      // accepted as a call result
    } else if (content == Content::kCallResultOrPrompt) {
      if (!slot.event.input && slot.event.messages.empty()) {
        slot.state.Reject(RejectReason::kNoContent,
                          "event has no input, messages, output, usage, "
                          "latency_ms, ttft_ms or status \"error\": nothing "
                          "to evaluate");
      }
    } else {
      slot.state.Reject(RejectReason::kNoContent,
                        "event has no output, usage, latency_ms, ttft_ms or "
                        "status \"error\": nothing to evaluate");
    }
    if (slot.state.error) {
      slot.state.error->index = i;
      result.errors.push_back(std::move(*slot.state.error));
    } else {
      result.events.push_back(std::move(slot.event));
    }
  }
  return result;
}

}  // namespace micrometrics::metrics
