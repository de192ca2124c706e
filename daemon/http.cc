#include "daemon/http.h"

#include <nlohmann/json.hpp>

namespace micrometrics::daemon {

HttpResponse JsonResponse(http::status status, std::string body,
                          unsigned version, bool keep_alive) {
  HttpResponse res{status, version};
  res.set(http::field::server, "micrometricsd");
  res.set(http::field::content_type, "application/json");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

HttpResponse ErrorResponse(http::status status, std::string_view error,
                           std::string_view detail_json, unsigned version,
                           bool keep_alive) {
  std::string body = "{\"error\":" + JsonString(error);
  if (!detail_json.empty()) {
    body += ",\"detail\":";
    body += detail_json;
  }
  body += "}";
  return JsonResponse(status, std::move(body), version, keep_alive);
}

std::string JsonString(std::string_view s) {
  // Invalid UTF-8 never reaches here (events are validated), but be safe.
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace micrometrics::daemon
