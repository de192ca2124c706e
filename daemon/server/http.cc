#include "daemon/server/http.h"

#include <zlib.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

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

bool AcceptsGzip(std::string_view header) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    }
    return s;
  };
  auto lower_equals = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
    }
    return true;
  };
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{}
                                             : header.substr(comma + 1);
    const size_t semi = item.find(';');
    if (!lower_equals(trim(item.substr(0, semi)), "gzip")) continue;
    if (semi == std::string_view::npos) return true;
    std::string_view param = trim(item.substr(semi + 1));
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') &&
        param[1] == '=') {
      param = trim(param.substr(2));
      // q=0, q=0.0, q=0.000: refused; anything else is a preference.
      return param.find_first_not_of("0.") != std::string_view::npos;
    }
    return true;
  }
  return false;
}

struct GzipWriter::State {
  z_stream z{};
};

GzipWriter::GzipWriter(std::string& out)
    : out_(out), state_(std::make_unique<State>()) {
  // 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&state_->z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
}

GzipWriter::~GzipWriter() { deflateEnd(&state_->z); }

void GzipWriter::Write(std::string_view chunk) {
  if (!chunk.empty()) Deflate(chunk, Z_NO_FLUSH);
}

void GzipWriter::Finish() {
  if (finished_) return;
  Deflate({}, Z_FINISH);
  finished_ = true;
}

void GzipWriter::Deflate(std::string_view chunk, int flush) {
  z_stream& z = state_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
  z.avail_in = static_cast<uInt>(chunk.size());
  unsigned char buf[64 * 1024];
  int rc;
  do {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    rc = deflate(&z, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("zlib: deflate failed");
    out_.append(reinterpret_cast<const char*>(buf), sizeof buf - z.avail_out);
  } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

}  // namespace micrometrics::daemon
