#pragma once

// The item parser behind EventParser (event_json.cc): one JSON object of an
// ingest body into an Event, on simdjson On-Demand, field by field, with
// item-level errors that name the field. Internal to metrics/ingest/: the
// event fields are read in event_json.cc, the OpenAI payloads in openai.cc.
// Every file that includes this must be compiled with the same simdjson
// implementation flags (metrics/CMakeLists.txt).

#include <simdjson.h>

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/event.h"
#include "metrics/ingest/event_json.h"
#include "metrics/ingest/time.h"

namespace micrometrics::metrics::ingest_detail {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Errors that concern one field's type or value: the item is rejected, the
// document goes on. Every other simdjson error means the JSON is malformed.
inline bool IsItemLevel(error_code e) {
  return e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR ||
         e == simdjson::NUMBER_OUT_OF_RANGE;
}

// Collects one item's problem; the first one wins.
struct ItemState {
  std::optional<ItemError> error;
  void Reject(RejectReason reason, std::string message) {
    if (!error) error = ItemError{0, reason, std::move(message)};
  }
};

// Top-level keys of one item with their byte offsets, kept only when the
// body had invalid UTF-8, to say which field held it.
using KeyLog = std::vector<std::pair<size_t, std::string>>;

class ItemParser {
 public:
  ItemParser(const char* base, KeyLog* keys) : base_(base), keys_(keys) {}

  // Returns a document-level error, or SUCCESS (item problems go to state).
  error_code ParseEvent(od::value item, Event& ev, ItemState& state) {
    od::object obj;
    error_code e = item.get_object().get(obj);
    if (e == simdjson::INCORRECT_TYPE) {
      state.Reject(RejectReason::kInvalidField, "item is not a JSON object");
      return Validate(item);
    }
    if (e) return e;
    for (auto field_result : obj) {
      od::field field;
      if ((e = std::move(field_result).get(field))) return e;
      const char* key_pos = field.key().raw();
      std::string_view key;
      if ((e = field.unescaped_key().get(key))) return e;
      if (keys_) {
        keys_->emplace_back(static_cast<size_t>(key_pos - 1 - base_), key);
      }
      // After a bad field the rest is only checked for syntax.
      e = state.error ? Validate(field.value())
                      : ParseField(key, field.value(), ev, state);
      if (e) return e;
    }
    if (has_openai_ && !state.error) MergeOpenAi(ev);
    return simdjson::SUCCESS;
  }

 private:
  // What the OpenAI payloads say; explicit event fields win over it.
  struct OpenAi {
    Event event;
    std::string output;
    bool has_output = false;
  };

  void MergeOpenAi(Event& ev);

  error_code OpenAiRequest(std::string_view key, od::value& v,
                           ItemState& state);

  // One choice's message or a stream chunk's delta: text is appended, so
  // chunks of a streamed answer assemble into the reply.
  error_code OpenAiMessage(od::value& v, ItemState& state);

  error_code OpenAiChoices(od::value& v, ItemState& state);

  error_code OpenAiResponseObject(od::value& v, ItemState& state);

  error_code OpenAiResponse(std::string_view key, od::value& v,
                            ItemState& state);

  bool has_openai_ = false;
  OpenAi openai_;

  error_code ParseField(std::string_view key, od::value& v, Event& ev,
                        ItemState& state) {
    if (key == "id") return String(key, v, ev.id, state);
    if (key == "timestamp") return Timestamp(key, v, ev, state);
    if (key == "conversation_id") {
      return String(key, v, ev.conversation_id, state);
    }
    if (key == "turn") return Turn(key, v, ev, state);
    if (key == "model") return String(key, v, ev.model, state);
    if (key == "provider") return String(key, v, ev.provider, state);
    if (key == "prompt_version") {
      return String(key, v, ev.prompt_version, state);
    }
    if (key == "route") return String(key, v, ev.route, state);
    if (key == "tenant") return String(key, v, ev.tenant, state);
    if (key == "locale") return String(key, v, ev.locale, state);
    if (key == "channel") return String(key, v, ev.channel, state);
    if (key == "input") return OptionalString(key, v, ev.input, state);
    if (key == "output") return OptionalString(key, v, ev.output, state);
    if (key == "messages") return Messages(key, v, ev, state);
    if (key == "latency_ms") return Millis(key, v, ev.latency_ms, state);
    if (key == "ttft_ms") return Millis(key, v, ev.ttft_ms, state);
    if (key == "usage") return UsageObject(key, v, ev, state);
    if (key == "finish_reason") return String(key, v, ev.finish_reason, state);
    if (key == "status") return String(key, v, ev.status, state);
    if (key == "error_type") return String(key, v, ev.error_type, state);
    if (key == "attributes") return Attributes(key, v, ev, state);
    if (key == "response_id") return String(key, v, ev.response_id, state);
    if (key == "trace_id") return TraceHex(key, v, 32, ev.trace_id, state);
    if (key == "span_id") return TraceHex(key, v, 16, ev.span_id, state);
    if (key == "traceparent") return TraceParent(key, v, ev, state);
    if (key == "openai_request") return OpenAiRequest(key, v, state);
    if (key == "openai_response") return OpenAiResponse(key, v, state);
    return Validate(v);  // unknown fields are ignored, once known to be JSON
  }

  static void Expected(std::string_view key, const char* what,
                       ItemState& state) {
    state.Reject(RejectReason::kInvalidField,
                 "field '" + std::string(key) + "': expected " + what);
  }

  // Rejects the item for a value of the wrong type, and still walks that
  // value: a container On-Demand skips is not checked, not even whether its
  // brackets match, and the values after it would be misread.
  static error_code Unexpected(std::string_view key, const char* what,
                               od::value& v, ItemState& state) {
    Expected(key, what, state);
    return Validate(v);
  }

  // Reads the type. A value that looks like null must be exactly null:
  // On-Demand checks atoms only when asked.
  static error_code Type(od::value& v, od::json_type& t) {
    if (error_code e = v.type().get(t)) return e;
    if (t != od::json_type::null) return simdjson::SUCCESS;
    bool is_null = false;
    if (error_code e = v.is_null().get(is_null)) return e;
    return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
  }

  // Walks a value we do not use, so that malformed JSON inside unknown
  // fields is still reported (On-Demand skips without validating).
  static error_code Validate(od::value& v, int depth = 0) {
    if (depth > 64) return simdjson::DEPTH_ERROR;
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    switch (t) {
      case od::json_type::array: {
        od::array arr;
        if (error_code e = v.get_array().get(arr)) return e;
        for (auto item : arr) {
          od::value child;
          if (error_code e = std::move(item).get(child)) return e;
          if (error_code e = Validate(child, depth + 1)) return e;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::object: {
        od::object obj;
        if (error_code e = v.get_object().get(obj)) return e;
        for (auto field : obj) {
          od::field f;
          if (error_code e = std::move(field).get(f)) return e;
          std::string_view key;
          if (error_code e = f.unescaped_key().get(key)) return e;
          if (error_code e = Validate(f.value(), depth + 1)) return e;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::number: {
        double d;
        error_code e = v.get_double().get(d);
        return e == simdjson::NUMBER_OUT_OF_RANGE ? simdjson::SUCCESS : e;
      }
      case od::json_type::string: {
        std::string_view s;
        return v.get_string().get(s);
      }
      case od::json_type::boolean: {
        bool b;
        return v.get_bool().get(b);
      }
      case od::json_type::null:
        return simdjson::SUCCESS;
    }
    return simdjson::SUCCESS;
  }

  error_code OptionalString(std::string_view key, od::value& v,
                            std::optional<std::string>& out, ItemState& state) {
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;
    if (t != od::json_type::string)
      return Unexpected(key, "a string", v, state);
    std::string_view s;
    if (error_code e = v.get_string().get(s)) return e;
    out.emplace(s);
    return simdjson::SUCCESS;
  }

  error_code String(std::string_view key, od::value& v, std::string& out,
                    ItemState& state) {
    std::optional<std::string> s;
    if (error_code e = OptionalString(key, v, s, state)) return e;
    if (s) out = std::move(*s);
    return simdjson::SUCCESS;
  }

  // A trace or span id: exactly `digits` hex digits, not all zero.
  error_code TraceHex(std::string_view key, od::value& v, size_t digits,
                      std::string& out, ItemState& state) {
    std::optional<std::string> s;
    if (error_code e = OptionalString(key, v, s, state)) return e;
    if (!s) return simdjson::SUCCESS;
    if (auto hex = NormalizeTraceHex(*s, digits)) {
      out = std::move(*hex);
    } else {
      state.Reject(RejectReason::kInvalidField,
                   "field '" + std::string(key) + "': expected " +
                       std::to_string(digits) + " hex digits, not all zero");
    }
    return simdjson::SUCCESS;
  }

  // W3C traceparent: 00-<trace id>-<span id>-<flags>.
  error_code TraceParent(std::string_view key, od::value& v, Event& ev,
                         ItemState& state) {
    std::optional<std::string> s;
    if (error_code e = OptionalString(key, v, s, state)) return e;
    if (!s) return simdjson::SUCCESS;
    const std::string_view t = *s;
    std::optional<std::string> trace, span;
    if (t.size() == 55 && t[2] == '-' && t[35] == '-' && t[52] == '-') {
      trace = NormalizeTraceHex(t.substr(3, 32), 32);
      span = NormalizeTraceHex(t.substr(36, 16), 16);
    }
    if (!trace || !span) {
      state.Reject(RejectReason::kInvalidField,
                   "field 'traceparent': expected 00-<32 hex>-<16 hex>-<2 "
                   "hex> (W3C trace context)");
      return simdjson::SUCCESS;
    }
    if (ev.trace_id.empty()) ev.trace_id = std::move(*trace);
    if (ev.span_id.empty()) ev.span_id = std::move(*span);
    return simdjson::SUCCESS;
  }

  error_code Timestamp(std::string_view key, od::value& v, Event& ev,
                       ItemState& state) {
    std::optional<std::string> s;
    if (error_code e = OptionalString(key, v, s, state)) return e;
    if (!s) return simdjson::SUCCESS;
    ev.timestamp = ParseRfc3339(*s);
    if (!ev.timestamp) {
      state.Reject(RejectReason::kInvalidField,
                   "field 'timestamp': expected an RFC 3339 time such as "
                   "2026-11-27T10:00:00Z");
    }
    return simdjson::SUCCESS;
  }

  // A non-negative integer, or absent when null.
  error_code Count(std::string_view key, od::value& v,
                   std::optional<int64_t>& out, ItemState& state) {
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;
    if (t != od::json_type::number) {
      return Unexpected(key, "a non-negative integer", v, state);
    }
    int64_t n = 0;
    error_code e = v.get_int64().get(n);
    if (!e) {
      if (n >= 0) {
        out = n;
      } else {
        Expected(key, "a non-negative integer", state);
      }
      return simdjson::SUCCESS;
    }
    // A fraction, an exponent or too large: an item error, once the number
    // is known to be JSON (a failed read leaves the value where it was).
    if (!IsItemLevel(e)) return e;
    if (error_code e2 = Validate(v)) return e2;
    Expected(key, "a non-negative integer", state);
    return simdjson::SUCCESS;
  }

  error_code Turn(std::string_view key, od::value& v, Event& ev,
                  ItemState& state) {
    return Count(key, v, ev.turn, state);
  }

  error_code Millis(std::string_view key, od::value& v,
                    std::optional<double>& out, ItemState& state) {
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;
    if (t != od::json_type::number) {
      return Unexpected(key, "a non-negative number of milliseconds", v, state);
    }
    double d = 0;
    error_code e = v.get_double().get(d);
    // Out of range is the value's fault; anything else is malformed JSON.
    if (e && e != simdjson::NUMBER_OUT_OF_RANGE) return e;
    if (e || !(d >= 0)) {
      Expected(key, "a non-negative number of milliseconds", state);
      return simdjson::SUCCESS;
    }
    out = d;
    return simdjson::SUCCESS;
  }

  // Calls fn(key, value) for each field of an object value. Null counts as
  // absent, anything else but an object is an item error. After an item
  // error the remaining values are only checked for syntax.
  template <typename Fn>
  error_code Fields(std::string_view key, od::value& v, ItemState& state,
                    Fn&& fn) {
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;
    if (t != od::json_type::object)
      return Unexpected(key, "an object", v, state);
    od::object obj;
    if (error_code e = v.get_object().get(obj)) return e;
    for (auto field_result : obj) {
      od::field field;
      std::string_view k;
      if (error_code e = std::move(field_result).get(field)) return e;
      if (error_code e = field.unescaped_key().get(k)) return e;
      error_code e =
          state.error ? Validate(field.value()) : fn(k, field.value());
      if (e) return e;
    }
    return simdjson::SUCCESS;
  }

  error_code UsageObject(std::string_view key, od::value& v, Event& ev,
                         ItemState& state) {
    return Fields(key, v, state, [&](std::string_view k, od::value& value) {
      // OpenAI's names are accepted too.
      if (k == "input_tokens" || k == "prompt_tokens") {
        return Count("usage.input_tokens", value, ev.usage.input_tokens, state);
      }
      if (k == "output_tokens" || k == "completion_tokens") {
        return Count("usage.output_tokens", value, ev.usage.output_tokens,
                     state);
      }
      return Validate(value);
    });
  }

  // Message content: a string, or an array of parts whose text parts count.
  error_code Content(od::value& v, std::string& out, ItemState& state) {
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;
    if (t == od::json_type::string) {
      std::string_view s;
      if (error_code e = v.get_string().get(s)) return e;
      out = s;
      return simdjson::SUCCESS;
    }
    if (t != od::json_type::array) {
      return Unexpected("messages[].content", "a string or an array of parts",
                        v, state);
    }
    od::array parts;
    if (error_code e = v.get_array().get(parts)) return e;
    for (auto part_result : parts) {
      od::value part;
      if (error_code e = std::move(part_result).get(part)) return e;
      // Parts other than text (images, audio) are walked, not skipped.
      od::json_type part_type;
      if (error_code e = Type(part, part_type)) return e;
      if (part_type != od::json_type::object) {
        if (error_code e = Validate(part)) return e;
        continue;
      }
      error_code e = Fields("messages[].content[]", part, state,
                            [&](std::string_view k, od::value& value) {
                              od::json_type ft;
                              if (error_code e2 = Type(value, ft)) return e2;
                              if (k != "text" || ft != od::json_type::string) {
                                return Validate(value);
                              }
                              std::string_view text;
                              if (error_code e2 = value.get_string().get(text))
                                return e2;
                              if (!out.empty()) out += '\n';
                              out += text;
                              return simdjson::SUCCESS;
                            });
      if (e) return e;
    }
    return simdjson::SUCCESS;
  }

  error_code Messages(std::string_view key, od::value& v, Event& ev,
                      ItemState& state) {
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;
    if (t != od::json_type::array) {
      return Unexpected(key, "an array of messages", v, state);
    }
    od::array arr;
    if (error_code e = v.get_array().get(arr)) return e;
    for (auto msg_result : arr) {
      od::value msg;
      if (error_code e = std::move(msg_result).get(msg)) return e;
      Message m;
      error_code e = Fields(
          "messages[]", msg, state, [&](std::string_view k, od::value& value) {
            if (k == "role")
              return String("messages[].role", value, m.role, state);
            if (k == "content") return Content(value, m.content, state);
            return Validate(value);
          });
      if (e) return e;
      ev.messages.push_back(std::move(m));
    }
    return simdjson::SUCCESS;
  }

  error_code Attributes(std::string_view key, od::value& v, Event& ev,
                        ItemState& state) {
    return Fields(key, v, state, [&](std::string_view k, od::value& value) {
      od::json_type t;
      if (error_code e = Type(value, t)) return e;
      std::string_view s;
      switch (t) {
        case od::json_type::null:
          return simdjson::SUCCESS;
        case od::json_type::string:
          if (error_code e = value.get_string().get(s)) return e;
          break;
        case od::json_type::number:
        case od::json_type::boolean:
          // Keep the JSON spelling: 3, 0.5, true.
          s = value.raw_json_token();
          while (!s.empty() &&
                 std::isspace(static_cast<unsigned char>(s.back()))) {
            s.remove_suffix(1);
          }
          // The spelling is only read; check that it is a JSON atom.
          if (error_code e = Validate(value)) return e;
          break;
        default:
          return Unexpected("attributes." + std::string(k),
                            "a string, number or boolean", value, state);
      }
      ev.attributes.emplace_back(std::string(k), std::string(s));
      return simdjson::SUCCESS;
    });
  }

  const char* base_;
  KeyLog* keys_;
};

}  // namespace micrometrics::metrics::ingest_detail
