// The ingest routes: POST /v1/events, /v1/check, /v1/traces, /v1/feedback.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "daemon/otlp/otlp.h"
#include "daemon/pipeline_parts.h"
#include "daemon/server/api.h"
#include "daemon/server/route_helpers.h"
#include "metrics/evaluation.h"
#include "metrics/ingest/event_json.h"

namespace micrometrics::daemon {
namespace {

// One parser per I/O thread: it keeps its buffers between requests.
metrics::EventParser& ThreadParser() {
  thread_local metrics::EventParser parser;
  return parser;
}

}  // namespace

std::optional<HttpResponse> Api::Admit(const HttpRequest& req,
                                       metrics::BodyFormat* format) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  if (auto refused = RefuseIngest(req)) return refused;
  const std::string type = MediaType(req[http::field::content_type]);
  if (type == "application/json") {
    *format = metrics::BodyFormat::kJson;
  } else if (type == "application/x-ndjson" || type == "application/ndjson" ||
             type == "application/jsonl" || type == "application/x-jsonlines") {
    *format = metrics::BodyFormat::kNdjson;
  } else {
    return ErrorResponse(
        http::status::unsupported_media_type, "unsupported content type",
        Dump(json{{"content_type", std::string(req[http::field::content_type])},
                  {"supported", {"application/json", "application/x-ndjson"}}}),
        v, ka);
  }
  return std::nullopt;
}

HttpResponse Api::PostEvents(HttpRequest&& req) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  metrics::BodyFormat format;
  if (auto refused = Admit(req, &format)) return std::move(*refused);

  // Overload: when the queue is nearly full, count the body's items
  // (simdjson's structural pass, or a line count) and refuse it if they do
  // not fit, instead of parsing them only to refuse them: refusing stays
  // cheap and the CPU goes to the events already accepted. A batch that
  // could never fit still gets its 413 below.
  if (const size_t depth = queue_.size();
      depth + queue_.capacity() / 8 >= queue_.capacity() ||
      queue_.bytes() >= queue_.max_bytes()) {
    if (auto n = ThreadParser().CountItems(req.body(), format);
        n && *n > 0 && *n <= queue_.capacity() &&
        (depth + *n > queue_.capacity() ||
         queue_.bytes() >= queue_.max_bytes())) {
      requests_.CountReceived(static_cast<double>(*n));
      return QueueFull(*n, v, ka);
    }
  }

  metrics::ParsedBody parsed = ThreadParser().Parse(req.body(), format);
  if (parsed.document_error) {
    requests_.CountRejected("malformed_body", 1);
    return ErrorResponse(
        http::status::bad_request, parsed.document_error->message,
        Dump(json{{"offset", parsed.document_error->offset}}), v, ka);
  }
  requests_.CountReceived(static_cast<double>(parsed.items));
  json errors = json::array();
  for (const auto& e : parsed.errors) {
    requests_.CountRejected(e.reason);
    errors.push_back({{"index", e.index},
                      {"reason", std::string(RejectReasonName(e.reason))},
                      {"error", e.message}});
  }
  const size_t accepted = parsed.events.size();
  if (accepted > 0) {
    if (auto refused = Enqueue(parsed.events, v, ka))
      return std::move(*refused);
  }
  json body = {{"accepted", accepted},
               {"rejected", parsed.errors.size()},
               {"errors", std::move(errors)}};
  if (accepted == 0 && !parsed.errors.empty()) {
    // Nothing usable: a client error, not worth retrying as is.
    body["error"] = "no valid events";
    return JsonResponse(http::status::bad_request, Dump(body), v, ka);
  }
  return JsonResponse(http::status::accepted, Dump(body), v, ka);
}

metrics::Pipeline& Api::ThreadPipeline() {
  thread_local std::unordered_map<uint64_t, std::unique_ptr<metrics::Pipeline>>
      pipelines;
  auto& pipeline = pipelines[instance_];
  if (!pipeline) {
    pipeline = std::make_unique<metrics::Pipeline>(
        MakeDaemonPipeline(series_, alerts_, book_, feedback_, judges_));
  }
  return *pipeline;
}

HttpResponse Api::PostCheck(HttpRequest&& req) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  metrics::BodyFormat format;
  if (auto refused = Admit(req, &format)) return std::move(*refused);

  // One metric set for the whole check, even across a reload.
  ReloadGate::Reader reader(state_.gate);
  const auto& all = config_.metrics;
  std::vector<bool> wanted(all.size(), true);
  if (auto names = QueryParam(req.target(), "metrics")) {
    std::fill(wanted.begin(), wanted.end(), false);
    std::string_view rest = *names;
    while (!rest.empty()) {
      std::string_view name = rest.substr(0, rest.find(','));
      rest.remove_prefix(std::min(rest.size(), name.size() + 1));
      if (name.empty()) continue;
      auto it = std::find_if(all.begin(), all.end(),
                             [&](const auto& m) { return m.name == name; });
      if (it == all.end()) {
        return ErrorResponse(http::status::bad_request,
                             "unknown metric '" + std::string(name) + "'", {},
                             v, ka);
      }
      wanted[static_cast<size_t>(it - all.begin())] = true;
    }
  }
  const auto record_param = QueryParam(req.target(), "record");
  if (record_param && *record_param != "true" && *record_param != "false") {
    return ErrorResponse(http::status::bad_request,
                         "record must be true or false", {}, v, ka);
  }
  const bool record = record_param != "false";

  // A prompt alone is worth checking here: a service screens it before the
  // call (input-side metrics judge it, output-side ones answer skipped).
  metrics::ParsedBody parsed = ThreadParser().Parse(
      req.body(), format, metrics::EventParser::Content::kCallResultOrPrompt);
  if (parsed.document_error) {
    return ErrorResponse(
        http::status::bad_request, parsed.document_error->message,
        Dump(json{{"offset", parsed.document_error->offset}}), v, ka);
  }
  if (parsed.items != 1) {
    return ErrorResponse(
        http::status::bad_request,
        "expected one event, got " + std::to_string(parsed.items), {}, v, ka);
  }
  if (!parsed.errors.empty()) {
    const auto& e = parsed.errors[0];
    return ErrorResponse(
        http::status::bad_request, e.message,
        Dump(json{{"reason", std::string(RejectReasonName(e.reason))}}), v, ka);
  }
  const metrics::Event& event = parsed.events[0];
  metrics::Pipeline* pipeline = record ? &ThreadPipeline() : nullptr;
  if (pipeline) {
    requests_.CountReceived(1);
    pipeline->BeginEvent(event, metrics::Pipeline::Clock::now());
  }
  json verdicts = json::array();
  json failed = json::array();
  for (size_t i = 0; i < all.size(); ++i) {
    // A guardrail is never sampled; `when:` still decides what a metric is
    // about.
    if (!wanted[i] || !all[i].when.Matches(event)) continue;
    if (all[i].evaluator->deferred()) {
      // A judge answers later: its verdict goes to the series, not here.
      if (pipeline) pipeline->Defer(i);
      continue;
    }
    double seconds = 0;
    metrics::Verdict verdict = metrics::EvaluateOne(all[i], event, &seconds);
    if (pipeline) pipeline->Record(i, verdict, seconds);
    json item = {
        {"metric", all[i].name},
        {"outcome", std::string(metrics::OutcomeName(verdict.outcome))},
        {"reason", verdict.reason},
        {"value", nullptr}};
    if (verdict.value) item["value"] = *verdict.value;
    if (all[i].stage == metrics::Stage::kShadow) item["stage"] = "shadow";
    verdicts.push_back(std::move(item));
    // Shadow metrics report but never ask the caller to act.
    if (verdict.outcome == metrics::Outcome::kFail &&
        all[i].stage != metrics::Stage::kShadow) {
      failed.push_back(all[i].name);
    }
  }
  if (pipeline) {
    pipeline->EndEvent();
    pipeline->Flush(metrics::Pipeline::Clock::now());
  }
  return JsonResponse(http::status::ok,
                      Dump(json{{"verdicts", std::move(verdicts)},
                                {"failed", std::move(failed)}}),
                      v, ka);
}

HttpResponse Api::QueueFull(size_t n, unsigned v, bool ka) {
  requests_.CountRejected("queue_full", static_cast<double>(n));
  auto res = ErrorResponse(http::status::too_many_requests, "queue full",
                           Dump(json{{"queue_depth", queue_.size()},
                                     {"queue_capacity", queue_.capacity()}}),
                           v, ka);
  res.set(http::field::retry_after, "1");
  return res;
}

std::optional<HttpResponse> Api::Enqueue(std::vector<metrics::Event>& events,
                                         unsigned v, bool ka) {
  const size_t n = events.size();
  switch (queue_.TryPushBatch(events)) {
    case EventQueue::PushResult::kOk:
      return std::nullopt;
    case EventQueue::PushResult::kFull:
      return QueueFull(n, v, ka);
    case EventQueue::PushResult::kTooLarge:
      requests_.CountRejected("batch_too_large", static_cast<double>(n));
      return ErrorResponse(
          http::status::payload_too_large,
          "batch of " + std::to_string(n) +
              " events exceeds the queue's capacity; send smaller batches",
          Dump(json{{"queue_capacity", queue_.capacity()},
                    {"queue_max_bytes", queue_.max_bytes()}}),
          v, ka);
    case EventQueue::PushResult::kClosed:
      requests_.CountRejected("shutting_down", static_cast<double>(n));
      return ErrorResponse(http::status::service_unavailable, "shutting down",
                           {}, v, false);
  }
  return std::nullopt;
}

HttpResponse Api::PostTraces(HttpRequest&& req) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  if (auto refused = RefuseIngest(req)) return std::move(*refused);
  const std::string type = MediaType(req[http::field::content_type]);
  const bool protobuf = type == "application/x-protobuf";
  if (!protobuf && type != "application/json") {
    return ErrorResponse(
        http::status::unsupported_media_type, "unsupported content type",
        Dump(json{
            {"content_type", std::string(req[http::field::content_type])},
            {"supported", {"application/x-protobuf", "application/json"}}}),
        v, ka);
  }
  std::string body = std::move(req.body());
  if (Lower(Trim(req[http::field::content_encoding])) == "gzip") {
    auto inflated = Gunzip(body, config_.server.max_body_bytes * 8);
    if (!inflated) {
      requests_.CountRejected("malformed_body", 1);
      return ErrorResponse(http::status::bad_request,
                           "malformed or oversized gzip body", {}, v, ka);
    }
    body = std::move(*inflated);
  }
  OtlpTraces traces = ParseOtlpTraces(body, protobuf, config_.otlp.attributes);
  if (traces.error) {
    requests_.CountRejected("malformed_body", 1);
    return ErrorResponse(http::status::bad_request, *traces.error, {}, v, ka);
  }
  requests_.CountOtlpSpans("ignored",
                           static_cast<double>(traces.ignored_spans));
  requests_.CountOtlpSpans("rejected",
                           static_cast<double>(traces.rejected_spans));
  const size_t n = traces.events.size();
  requests_.CountReceived(static_cast<double>(n));
  if (n > 0) {
    if (auto refused = Enqueue(traces.events, v, ka))
      return std::move(*refused);
    requests_.CountOtlpSpans("event", static_cast<double>(n));
  }
  HttpResponse res{http::status::ok, v};
  res.set(http::field::server, "micrometricsd");
  res.set(http::field::content_type,
          protobuf ? "application/x-protobuf" : "application/json");
  res.keep_alive(ka);
  res.body() = OtlpResponse(traces, protobuf);
  res.prepare_payload();
  return res;
}

HttpResponse Api::PostFeedback(HttpRequest&& req) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  metrics::BodyFormat format;
  if (auto refused = Admit(req, &format)) return std::move(*refused);
  // Small and rare next to events: nlohmann is plenty here.
  json body = json::parse(req.body(), nullptr, false);
  if (body.is_discarded()) {
    return ErrorResponse(http::status::bad_request, "malformed JSON", {}, v,
                         ka);
  }
  if (!body.is_array()) body = json::array({std::move(body)});
  json errors = json::array();
  size_t accepted = 0;
  size_t matched = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    const json& item = body[i];
    auto text = [&](const char* key) -> std::string {
      if (!item.is_object() || !item.contains(key) || !item[key].is_string()) {
        return {};
      }
      return item[key].get<std::string>();
    };
    const std::string kind = text("kind");
    const std::string event_id = text("event_id");
    const std::string conversation_id = text("conversation_id");
    if (item.is_object() && item.contains("label")) {
      // A person's verdict on one event, for a judge metric's calibration.
      const std::string metric = text("metric");
      const std::string label = text("label");
      std::string label_error;
      {
        ReloadGate::Reader reader(state_.gate);
        const auto& all = config_.metrics;
        auto m = std::find_if(all.begin(), all.end(),
                              [&](const auto& x) { return x.name == metric; });
        if (label != "pass" && label != "fail") {
          label_error = "label must be pass or fail";
        } else if (event_id.empty()) {
          label_error = "a label needs the event_id it is about";
        } else if (m == all.end()) {
          label_error = "no metric '" + metric + "'";
        } else if (!m->evaluator->deferred()) {
          label_error = "metric '" + metric +
                        "' is not a judge: labels calibrate judge metrics";
        }
      }
      if (!label_error.empty()) {
        errors.push_back({{"index", i}, {"error", label_error}});
        continue;
      }
      ++accepted;
      std::optional<std::vector<std::string>> labels;
      if (feedback_) labels = feedback_->Find(event_id, {});
      matched += labels.has_value();
      if (calibration_) {
        calibration_->Labelled(metric, event_id, label == "fail",
                               labels ? &*labels : nullptr);
      }
      continue;
    }
    std::string error;
    if (!item.is_object()) {
      error = "item is not a JSON object";
    } else if (!series::IsFeedbackKind(kind)) {
      error = "kind must be one of " + std::string(series::kFeedbackKindList);
    } else if (event_id.empty() && conversation_id.empty()) {
      error = "give event_id or conversation_id";
    } else if (item.contains("value") && !item["value"].is_number() &&
               !item["value"].is_null()) {
      error = "value must be a number";
    }
    if (!error.empty()) {
      errors.push_back({{"index", i}, {"error", error}});
      continue;
    }
    ++accepted;
    std::optional<std::vector<std::string>> labels;
    if (feedback_) labels = feedback_->Find(event_id, conversation_id);
    matched += labels.has_value();
    if (feedback_) feedback_->Count(kind, labels ? &*labels : nullptr);
    if (alerts_) {
      ReloadGate::Reader reader(state_.gate);
      alerts_->ObserveFeedback(kind, labels ? &*labels : nullptr,
                               metrics::AlertClock::now());
    }
  }
  json out = {{"accepted", accepted},
              {"matched", matched},
              {"rejected", errors.size()},
              {"errors", std::move(errors)}};
  const auto status = accepted == 0 && body.size() > 0
                          ? http::status::bad_request
                          : http::status::ok;
  return JsonResponse(status, Dump(out), v, ka);
}

}  // namespace micrometrics::daemon
