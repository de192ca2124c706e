#include "daemon/server/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "daemon/otlp/otlp.h"
#include "daemon/pipeline/parts.h"
#include "metrics/evaluation.h"
#include "metrics/ingest/event_json.h"
#include "metrics/ingest/time.h"

namespace micrometrics::daemon {
namespace {

using json = nlohmann::ordered_json;

uint64_t NextInstance() {
  static std::atomic<uint64_t> next{0};
  return ++next;
}

std::string Dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

// The media type of a Content-Type header, lower case, without parameters.
std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |=
        static_cast<unsigned char>(a[i] ^ b[i % std::max<size_t>(1, b.size())]);
  }
  return diff == 0;
}

struct Route {
  std::string_view path;
  http::verb method;
  std::string_view handler;  // the `handler` label
  bool metrics_listener;     // also served on metrics_listen
};

constexpr Route kRoutes[] = {
    {"/v1/events", http::verb::post, "events", false},
    {"/v1/check", http::verb::post, "check", false},
    {"/v1/feedback", http::verb::post, "feedback", false},
    {"/v1/traces", http::verb::post, "traces", false},
    {"/metrics", http::verb::get, "metrics", true},
    {"/healthz", http::verb::get, "healthz", true},
    {"/readyz", http::verb::get, "readyz", true},
    {"/api/v1/alerts", http::verb::get, "alerts", false},
    {"/api/v1/metrics", http::verb::get, "metrics_api", false},
    {"/api/v1/examples", http::verb::get, "examples", false},
    {"/-/reload", http::verb::post, "reload", false},
};

// The value of `name` in a query string ("a=1&b=2"); nullopt when absent.
// Values here are metric names and booleans: no percent-decoding needed
// beyond the comma, which clients may send as %2C.
std::optional<std::string> QueryParam(std::string_view target,
                                      std::string_view name) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      std::string value(eq == std::string_view::npos ? ""
                                                     : pair.substr(eq + 1));
      for (size_t p; (p = value.find("%2C")) != std::string::npos ||
                     (p = value.find("%2c")) != std::string::npos;) {
        value.replace(p, 3, ",");
      }
      return value;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// One parser per I/O thread: it keeps its buffers between requests.
metrics::EventParser& ThreadParser() {
  thread_local metrics::EventParser parser;
  return parser;
}

}  // namespace

std::string ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read token file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string token = ss.str();
  while (!token.empty() &&
         std::isspace(static_cast<unsigned char>(token.back()))) {
    token.pop_back();
  }
  if (token.empty()) throw std::runtime_error("token file is empty: " + path);
  return token;
}

Api::Api(const config::Config& config, EventQueue& queue, Series& series,
         const Exposition& exposition, DaemonState& state, Alerts* alerts,
         FeedbackLabels* feedback, MetricBook* book)
    : config_(config),
      queue_(queue),
      series_(series),
      exposition_(exposition),
      state_(state),
      alerts_(alerts),
      feedback_(feedback),
      book_(book),
      instance_(NextInstance()),
      tokens_(std::make_shared<const BearerTokens>(
          ReadBearerTokens(config.server))) {}

BearerTokens ReadBearerTokens(const config::ServerConfig& server) {
  BearerTokens t;
  if (!server.ingest_token_file.empty()) {
    t.ingest = ReadTokenFile(server.ingest_token_file);
  }
  if (!server.admin_token_file.empty()) {
    t.admin = ReadTokenFile(server.admin_token_file);
  }
  if (!server.metrics_token_file.empty()) {
    t.metrics = ReadTokenFile(server.metrics_token_file);
  }
  return t;
}

void Api::SetTokens(BearerTokens tokens) {
  auto next = std::make_shared<const BearerTokens>(std::move(tokens));
  std::lock_guard lock(tokens_mu_);
  tokens_ = std::move(next);
}

std::shared_ptr<const BearerTokens> Api::Tokens() const {
  std::lock_guard lock(tokens_mu_);
  return tokens_;
}

HttpResponse Api::Handle(HttpRequest&& req) {
  return Route(std::move(req), false);
}

HttpResponse Api::HandleMetricsOnly(HttpRequest&& req) {
  return Route(std::move(req), true);
}

HttpResponse Api::Route(HttpRequest&& req, bool metrics_only) {
  const auto start = std::chrono::steady_clock::now();
  std::string_view target = req.target();
  std::string_view path = target.substr(0, target.find('?'));
  const ::micrometrics::daemon::Route* route = nullptr;
  bool path_known = false;
  std::string allow;
  for (const auto& r : kRoutes) {
    if (r.path != path || (metrics_only && !r.metrics_listener)) continue;
    path_known = true;
    allow += allow.empty() ? "" : ", ";
    allow += std::string(http::to_string(r.method));
    if (r.method == req.method()) route = &r;
  }
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  HttpResponse res;
  std::string handler = route ? std::string(route->handler) : "other";
  if (!path_known) {
    res = ErrorResponse(http::status::not_found, "not found",
                        Dump(json{{"path", std::string(path)}}), version,
                        keep_alive);
  } else if (!route) {
    res = ErrorResponse(http::status::method_not_allowed, "method not allowed",
                        Dump(json{{"method", std::string(req.method_string())},
                                  {"allowed", allow}}),
                        version, keep_alive);
    res.set(http::field::allow, allow);
  } else if ((route->handler == "metrics" || route->handler == "alerts" ||
              route->handler == "metrics_api") &&
             !Authorized(req, Tokens()->metrics)) {
    res =
        ErrorResponse(http::status::unauthorized,
                      "missing or wrong bearer token", {}, version, keep_alive);
    res.set(http::field::www_authenticate, "Bearer");
  } else if (route->handler == "events") {
    res = PostEvents(std::move(req));
  } else if (route->handler == "check") {
    res = PostCheck(std::move(req));
  } else if (route->handler == "feedback") {
    res = PostFeedback(std::move(req));
  } else if (route->handler == "traces") {
    res = PostTraces(std::move(req));
  } else if (route->handler == "metrics") {
    res = GetMetrics(req);
  } else if (route->handler == "alerts") {
    ReloadGate::Reader reader(state_.gate);
    res = JsonResponse(http::status::ok,
                       alerts_ ? alerts_->ToJson() : R"({"alerts":[]})",
                       version, keep_alive);
  } else if (route->handler == "metrics_api") {
    res = GetMetricsApi(req);
  } else if (route->handler == "examples") {
    res = GetExamples(req);
  } else if (route->handler == "reload") {
    res = PostReload(std::move(req));
  } else if (route->handler == "healthz") {
    res = GetHealth(req);
  } else {
    res = GetReady(req);
  }
  res.version(version);
  res.keep_alive(keep_alive && res.keep_alive());
  requests_.CountHttpRequest(
      handler, res.result_int(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count());
  return res;
}

bool Api::Authorized(const HttpRequest& req, const std::string& token) const {
  if (token.empty()) return true;
  std::string_view auth = req[http::field::authorization];
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() ||
      Lower(auth.substr(0, kBearer.size())) != "bearer ") {
    return false;
  }
  return ConstantTimeEquals(Trim(auth.substr(kBearer.size())), token);
}

std::optional<HttpResponse> Api::RefuseIngest(const HttpRequest& req) {
  const unsigned v = req.version();
  if (!Authorized(req, Tokens()->ingest)) {
    auto res =
        ErrorResponse(http::status::unauthorized,
                      "missing or wrong bearer token", {}, v, req.keep_alive());
    res.set(http::field::www_authenticate, "Bearer");
    return res;
  }
  // Refused before parsing, so counted as a request (503), not as events.
  if (state_.shutting_down.load()) {
    return ErrorResponse(http::status::service_unavailable, "shutting down", {},
                         v, false);
  }
  return std::nullopt;
}

HttpResponse Api::GetMetricsApi(const HttpRequest& req) {
  if (!book_) {
    return ErrorResponse(http::status::not_found, "not available", {},
                         req.version(), req.keep_alive());
  }
  ReloadGate::Reader reader(state_.gate);
  std::map<std::string, std::vector<std::string>> rules;
  for (const auto& r : config_.alerts) rules[r.metric].push_back(r.name);
  return JsonResponse(
      http::status::ok,
      book_->MetricsJson(config_.metrics, rules, MetricBook::Clock::now()),
      req.version(), req.keep_alive());
}

HttpResponse Api::GetExamples(const HttpRequest& req) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  // Examples are (redacted) user text: the admin token guards them when
  // one is configured.
  if (!Authorized(req, Tokens()->admin)) {
    auto res = ErrorResponse(http::status::unauthorized,
                             "missing or wrong bearer token", {}, v, ka);
    res.set(http::field::www_authenticate, "Bearer");
    return res;
  }
  if (!book_) {
    return ErrorResponse(http::status::not_found, "not available", {}, v, ka);
  }
  const auto metric = QueryParam(req.target(), "metric");
  if (!metric || metric->empty()) {
    return ErrorResponse(http::status::bad_request,
                         "the metric parameter is required, e.g. "
                         "/api/v1/examples?metric=reply_language",
                         {}, v, ka);
  }
  ReloadGate::Reader reader(state_.gate);
  size_t limit = config_.examples.per_metric;
  if (const auto l = QueryParam(req.target(), "limit")) {
    size_t n = 0;
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), n);
    if (ec != std::errc() || end != l->data() + l->size() || n == 0) {
      return ErrorResponse(http::status::bad_request,
                           "limit must be a positive integer", {}, v, ka);
    }
    limit = std::min(limit, n);
  }
  auto body = book_->ExamplesJson(*metric, limit);
  if (!body) {
    json known = json::array();
    for (const auto& m : config_.metrics) known.push_back(m.name);
    return ErrorResponse(http::status::not_found,
                         "unknown metric '" + *metric + "'",
                         Dump(json{{"known", std::move(known)}}), v, ka);
  }
  return JsonResponse(http::status::ok, *body, v, ka);
}

HttpResponse Api::PostReload(HttpRequest&& req) {
  const unsigned v = req.version();
  const bool ka = req.keep_alive();
  // The admin token; without one, the ingest token (if any) guards it.
  const auto tokens = Tokens();
  if (!Authorized(req,
                  tokens->admin.empty() ? tokens->ingest : tokens->admin)) {
    auto res = ErrorResponse(http::status::unauthorized,
                             "missing or wrong bearer token", {}, v, ka);
    res.set(http::field::www_authenticate, "Bearer");
    return res;
  }
  if (!reload_) {
    return ErrorResponse(http::status::not_found, "reload is not available", {},
                         v, ka);
  }
  if (state_.shutting_down.load()) {
    return ErrorResponse(http::status::service_unavailable, "shutting down", {},
                         v, false);
  }
  const ReloadResult result = reload_();
  if (!result.ok) {
    // The running config stays; the file is what needs fixing. 500 as
    // Prometheus and Alertmanager answer a failed /-/reload.
    return ErrorResponse(http::status::internal_server_error,
                         "config reload failed: the running config stays",
                         Dump(json{{"config_error", result.error}}), v, ka);
  }
  return JsonResponse(http::status::ok, ReloadResultJson(result), v, ka);
}

std::string ReloadResultJson(const ReloadResult& result) {
  const auto& c = result.changes;
  json body = {{"status", result.ok ? "success" : "error"}};
  if (!result.ok) body["config_error"] = result.error;
  body["metrics"] = {{"added", c.metrics_added},
                     {"removed", c.metrics_removed},
                     {"changed", c.metrics_changed},
                     {"unchanged", c.metrics_unchanged}};
  body["alerts"] = {{"added", c.alerts_added},
                    {"removed", c.alerts_removed},
                    {"changed", c.alerts_changed}};
  body["notifiers_changed"] = c.notifiers_changed;
  body["restart_required"] = c.restart_required;
  return Dump(body);
}

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
        MakeDaemonPipeline(series_, alerts_, book_, feedback_));
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

HttpResponse Api::GetMetrics(const HttpRequest& req) {
  HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::server, "micrometricsd");
  res.set(http::field::content_type,
          "text/plain; version=0.0.4; charset=utf-8");
  res.set(http::field::vary, "Accept-Encoding");
  // Written in chunks straight into the body (compressed as it goes when
  // the scraper accepts gzip, as Prometheus does): a scrape holds the
  // answer once, never a second copy of the text.
  std::string& body = res.body();
  if (AcceptsGzip(req[http::field::accept_encoding])) {
    GzipWriter gzip(body);
    TextWriter out([&](std::string_view chunk) { gzip.Write(chunk); });
    exposition_.Write(out);
    gzip.Finish();
    res.set(http::field::content_encoding, "gzip");
  } else {
    TextWriter out([&](std::string_view chunk) { body += chunk; });
    exposition_.Write(out);
  }
  res.prepare_payload();
  return res;
}

HttpResponse Api::GetHealth(const HttpRequest& req) {
  return JsonResponse(http::status::ok, R"({"status":"ok"})", req.version());
}

HttpResponse Api::GetReady(const HttpRequest& req) {
  const size_t depth = queue_.size();
  const auto high_water =
      static_cast<size_t>(config_.pipeline.queue_high_water *
                          static_cast<double>(queue_.capacity()));
  std::string reason;
  if (state_.shutting_down.load()) {
    reason = "shutting down";
  } else if (!state_.workers_running.load()) {
    reason = "workers not running";
  } else if (depth >= high_water && depth > 0) {
    reason = "queue above its high-water mark";
  }
  if (!reason.empty()) {
    return ErrorResponse(http::status::service_unavailable, "not ready",
                         Dump(json{{"reason", reason},
                                   {"queue_depth", depth},
                                   {"queue_high_water", high_water}}),
                         req.version());
  }
  size_t metric_count = 0;
  {
    ReloadGate::Reader reader(state_.gate);
    metric_count = config_.metrics.size();
  }
  return JsonResponse(http::status::ok,
                      Dump(json{{"status", "ready"},
                                {"metrics", metric_count},
                                {"queue_depth", depth}}),
                      req.version());
}

}  // namespace micrometrics::daemon
