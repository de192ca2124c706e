// The OpenAI adapter of the event format: `openai_request` and
// `openai_response` (a chat completion, or the chunks of a streamed one)
// read into the event; explicit event fields win over what they say
// (docs/API.md "OpenAI payloads").
#include "metrics/ingest/item_parser.h"

namespace micrometrics::metrics::ingest_detail {

void ItemParser::MergeOpenAi(Event& ev) {
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
  if (ev.response_id.empty()) ev.response_id = std::move(o.response_id);
}

error_code ItemParser::OpenAiRequest(std::string_view key, od::value& v,
                                     ItemState& state) {
  has_openai_ = true;
  return Fields(key, v, state, [&](std::string_view k, od::value& value) {
    if (k == "model") {
      return String("openai_request.model", value, openai_.event.model, state);
    }
    if (k == "messages") {
      return Messages("openai_request.messages", value, openai_.event, state);
    }
    return Validate(value);
  });
}

error_code ItemParser::OpenAiMessage(od::value& v, ItemState& state) {
  return Fields("message", v, state, [&](std::string_view k, od::value& value) {
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
        if (error_code e = value.get_array().get(calls)) return e;
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
            if (error_code e = std::move(f).get(field)) return e;
            if (error_code e = field.unescaped_key().get(fk)) return e;
            if (fk == "id") starts = true;
            if (error_code e = Validate(field.value())) return e;
          }
          n += starts;
        }
        openai_.event.tool_calls += static_cast<int64_t>(n);
        return simdjson::SUCCESS;
      }
      if (t == od::json_type::object) ++openai_.event.tool_calls;
      return Validate(value);
    }
    return Validate(value);
  });
}

error_code ItemParser::OpenAiChoices(od::value& v, ItemState& state) {
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
    error_code e = Fields(
        "choices[0]", choice, state, [&](std::string_view k, od::value& value) {
          if (k == "message" || k == "delta")
            return OpenAiMessage(value, state);
          if (k == "finish_reason") {
            std::string reason;
            if (error_code e2 = String("finish_reason", value, reason, state)) {
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

error_code ItemParser::OpenAiResponseObject(od::value& v, ItemState& state) {
  return Fields(
      "openai_response", v, state, [&](std::string_view k, od::value& value) {
        Event& o = openai_.event;
        if (k == "id") {
          std::string id;
          if (error_code e = String("openai_response.id", value, id, state))
            return e;
          if (o.id.empty()) o.id = id;
          o.response_id = id;
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
          return Fields(
              "error", value, state, [&](std::string_view ek, od::value& ev) {
                if ((ek == "type" || (ek == "code" && o.error_type.empty()))) {
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

error_code ItemParser::OpenAiResponse(std::string_view key, od::value& v,
                                      ItemState& state) {
  has_openai_ = true;
  od::json_type t;
  if (error_code e = Type(v, t)) return e;
  if (t == od::json_type::null) return simdjson::SUCCESS;
  if (t == od::json_type::object) return OpenAiResponseObject(v, state);
  if (t != od::json_type::array) {
    return Unexpected(key, "an object, or an array of stream chunks", v, state);
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

}  // namespace micrometrics::metrics::ingest_detail
