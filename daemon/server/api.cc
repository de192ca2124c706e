#include "daemon/server/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "daemon/server/route_helpers.h"
#include "metrics/ingest/event_json.h"

namespace micrometrics::daemon {
namespace {

uint64_t NextInstance() {
  static std::atomic<uint64_t> next{0};
  return ++next;
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
    {"/", http::verb::get, "status", false},
    {"/status.css", http::verb::get, "status_asset", false},
    {"/favicon.svg", http::verb::get, "status_asset", false},
};

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
         FeedbackLabels* feedback, MetricBook* book, Judges* judges,
         JudgeCalibration* calibration)
    : config_(config),
      queue_(queue),
      series_(series),
      exposition_(exposition),
      state_(state),
      alerts_(alerts),
      feedback_(feedback),
      book_(book),
      judges_(judges),
      calibration_(calibration),
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
  // HEAD is GET without the body (uptime checkers and `curl -I` use it).
  const bool head = req.method() == http::verb::head;
  for (const auto& r : kRoutes) {
    if (r.path != path || (metrics_only && !r.metrics_listener)) continue;
    path_known = true;
    allow += allow.empty() ? "" : ", ";
    allow += std::string(http::to_string(r.method));
    if (r.method == http::verb::get) allow += ", HEAD";
    if (r.method == req.method() || (head && r.method == http::verb::get)) {
      route = &r;
    }
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
              route->handler == "metrics_api" || route->handler == "status") &&
             !Authorized(req, Tokens()->metrics) &&
             // The admin token opens the status page too (with examples).
             !(route->handler == "status" && !Tokens()->admin.empty() &&
               Authorized(req, Tokens()->admin))) {
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
  } else if (route->handler == "status") {
    res = GetStatusPage(req);
  } else if (route->handler == "status_asset") {
    res = GetStatusAsset(req);
  } else if (route->handler == "reload") {
    res = PostReload(std::move(req));
  } else if (route->handler == "healthz") {
    res = GetHealth(req);
  } else {
    res = GetReady(req);
  }
  res.version(version);
  res.keep_alive(keep_alive && res.keep_alive());
  if (head) {
    // The GET answer's headers, its length included, and no body.
    const size_t length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
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

}  // namespace micrometrics::daemon
