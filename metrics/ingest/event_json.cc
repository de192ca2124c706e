#include "metrics/ingest/event_json.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "metrics/ingest/time.h"
#include "metrics/text/text.h"

namespace micrometrics::metrics {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Errors that concern one field's type or value: the item is rejected, the
// document goes on. Every other simdjson error means the JSON is malformed.
bool IsItemLevel(error_code e) {
  return e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR ||
         e == simdjson::NUMBER_OUT_OF_RANGE;
}

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

  void MergeOpenAi(Event& ev) {
    Event& o = openai_.event;
    if (ev.id.empty()) ev.id = std::move(o.id);
    if (ev.model.empty()) ev.model = std::move(o.model);
    if (!ev.input) {
      for (auto it = o.messages.rbegin(); it != o.messages.rend(); ++it) {
        if (it->role == "user") {
          ev.input = it->content;
          break;
        }
      }
    }
    if (ev.messages.empty()) ev.messages = std::move(o.messages);
    if (!ev.output && openai_.has_output) ev.output = std::move(openai_.output);
    if (!ev.usage.input_tokens) ev.usage.input_tokens = o.usage.input_tokens;
    if (!ev.usage.output_tokens) ev.usage.output_tokens = o.usage.output_tokens;
    if (ev.finish_reason.empty()) ev.finish_reason = std::move(o.finish_reason);
    if (ev.status.empty()) ev.status = std::move(o.status);
    if (ev.error_type.empty()) ev.error_type = std::move(o.error_type);
    if (ev.tool_calls == 0) ev.tool_calls = o.tool_calls;
  }

  error_code OpenAiRequest(std::string_view key, od::value& v,
                           ItemState& state) {
    has_openai_ = true;
    return Fields(key, v, state, [&](std::string_view k, od::value& value) {
      if (k == "model") {
        return String("openai_request.model", value, openai_.event.model,
                      state);
      }
      if (k == "messages") {
        return Messages("openai_request.messages", value, openai_.event, state);
      }
      return Validate(value);
    });
  }

  // One choice's message or a stream chunk's delta: text is appended, so
  // chunks of a streamed answer assemble into the reply.
  error_code OpenAiMessage(od::value& v, ItemState& state) {
    return Fields("message", v, state,
                  [&](std::string_view k, od::value& value) {
                    if (k == "content" || k == "refusal") {
                      od::json_type t;
                      if (error_code e = Type(value, t)) return e;
                      if (t == od::json_type::null) return simdjson::SUCCESS;
                      openai_.has_output = true;
                      std::string text;
                      if (error_code e = Content(value, text, state)) return e;
                      openai_.output += text;
                      return simdjson::SUCCESS;
                    }
                    if (k == "tool_calls" || k == "function_call") {
                      od::json_type t;
                      if (error_code e = Type(value, t)) return e;
                      if (t == od::json_type::array) {
                        od::array calls;
                        if (error_code e = value.get_array().get(calls))
                          return e;
                        size_t n = 0;
                        for (auto call : calls) {
                          od::value c;
                          if (error_code e = std::move(call).get(c)) return e;
                          // Streamed tool calls arrive as fragments of one
                          // call; count the fragments that start a call (they
                          // carry an id).
                          od::json_type ct;
                          if (error_code e = Type(c, ct)) return e;
                          if (ct != od::json_type::object) {
                            if (error_code e = Validate(c)) return e;
                            continue;
                          }
                          od::object obj;
                          if (error_code e = c.get_object().get(obj)) return e;
                          bool starts = false;
                          for (auto f : obj) {
                            od::field field;
                            std::string_view fk;
                            if (error_code e = std::move(f).get(field))
                              return e;
                            if (error_code e = field.unescaped_key().get(fk))
                              return e;
                            if (fk == "id") starts = true;
                            if (error_code e = Validate(field.value()))
                              return e;
                          }
                          n += starts;
                        }
                        openai_.event.tool_calls += static_cast<int64_t>(n);
                        return simdjson::SUCCESS;
                      }
                      if (t == od::json_type::object)
                        ++openai_.event.tool_calls;
                      return Validate(value);
                    }
                    return Validate(value);
                  });
  }

  error_code OpenAiChoices(od::value& v, ItemState& state) {
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t != od::json_type::array) return Validate(v);
    od::array choices;
    if (error_code e = v.get_array().get(choices)) return e;
    bool first = true;
    for (auto choice_result : choices) {
      od::value choice;
      if (error_code e = std::move(choice_result).get(choice)) return e;
      if (!first) {  // the first choice is the reply the user saw
        if (error_code e = Validate(choice)) return e;
        continue;
      }
      first = false;
      error_code e =
          Fields("choices[0]", choice, state,
                 [&](std::string_view k, od::value& value) {
                   if (k == "message" || k == "delta")
                     return OpenAiMessage(value, state);
                   if (k == "finish_reason") {
                     std::string reason;
                     if (error_code e2 =
                             String("finish_reason", value, reason, state)) {
                       return e2;
                     }
                     if (!reason.empty()) openai_.event.finish_reason = reason;
                     return simdjson::SUCCESS;
                   }
                   return Validate(value);
                 });
      if (e) return e;
    }
    return simdjson::SUCCESS;
  }

  error_code OpenAiResponseObject(od::value& v, ItemState& state) {
    return Fields(
        "openai_response", v, state, [&](std::string_view k, od::value& value) {
          Event& o = openai_.event;
          if (k == "id") {
            std::string id;
            if (error_code e = String("openai_response.id", value, id, state))
              return e;
            if (o.id.empty()) o.id = id;
            return simdjson::SUCCESS;
          }
          if (k == "model") {
            // The model that answered wins over the one asked for.
            std::string model;
            if (error_code e =
                    String("openai_response.model", value, model, state)) {
              return e;
            }
            if (!model.empty()) o.model = model;
            return simdjson::SUCCESS;
          }
          if (k == "choices") return OpenAiChoices(value, state);
          if (k == "usage")
            return UsageObject("openai_response.usage", value, o, state);
          if (k == "error") {
            o.status = "error";
            return Fields("error", value, state,
                          [&](std::string_view ek, od::value& ev) {
                            if ((ek == "type" ||
                                 (ek == "code" && o.error_type.empty()))) {
                              od::json_type t;
                              if (error_code e = Type(ev, t)) return e;
                              if (t == od::json_type::string) {
                                return String("openai_response.error.type", ev,
                                              o.error_type, state);
                              }
                            }
                            return Validate(ev);
                          });
          }
          return Validate(value);
        });
  }

  error_code OpenAiResponse(std::string_view key, od::value& v,
                            ItemState& state) {
    has_openai_ = true;
    od::json_type t;
    if (error_code e = Type(v, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;
    if (t == od::json_type::object) return OpenAiResponseObject(v, state);
    if (t != od::json_type::array) {
      return Unexpected(key, "an object, or an array of stream chunks", v,
                        state);
    }
    // A streamed answer as its chunks (chat.completion.chunk objects).
    od::array chunks;
    if (error_code e = v.get_array().get(chunks)) return e;
    for (auto chunk_result : chunks) {
      od::value chunk;
      if (error_code e = std::move(chunk_result).get(chunk)) return e;
      if (error_code e = OpenAiResponseObject(chunk, state)) return e;
    }
    return simdjson::SUCCESS;
  }

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
