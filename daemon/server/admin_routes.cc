// The admin route: POST /-/reload, and the JSON of a reload's result.
#include <spdlog/spdlog.h>

#include "daemon/server/api.h"
#include "daemon/server/route_helpers.h"

namespace micrometrics::daemon {

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

}  // namespace micrometrics::daemon
