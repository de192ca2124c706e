// libFuzzer target: any request body, in both formats, must parse without
// crashing; every item must end up either as an event or as an error; what
// the parser accepts must be JSON (nlohmann as the referee: On-Demand skips
// what it is not asked about, so the parser must walk every value); and the
// cheap count used to refuse bodies under overload must agree with the parse
// whenever both succeed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "metrics/ingest/event_json.h"

namespace mm = micrometrics::metrics;

namespace {

// Accepts like nlohmann::json::accept and measures the nesting depth.
struct DepthSax : nlohmann::json_sax<nlohmann::json> {
  int depth = 0;
  int max_depth = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Open(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return --depth, true; }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return --depth, true; }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) override {
    return false;
  }
  bool Open() {
    max_depth = std::max(max_depth, ++depth);
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static mm::EventParser parser;
  for (auto format : {mm::BodyFormat::kJson, mm::BodyFormat::kNdjson}) {
    std::string body(reinterpret_cast<const char*>(data), size);
    std::string copy = body;
    auto count = parser.CountItems(copy, format);
    // Parse overwrites invalid UTF-8 bytes with '?' in place; body is then
    // the text it judged.
    auto parsed = parser.Parse(body, format);
    if (count && !parsed.document_error && *count != parsed.items) {
      __builtin_trap();
    }
    if (!parsed.document_error &&
        parsed.items != parsed.events.size() + parsed.errors.size()) {
      __builtin_trap();
    }
    if (parsed.document_error && parsed.document_error->offset > size) {
      __builtin_trap();
    }
    if (format == mm::BodyFormat::kJson) {
      if (!parsed.document_error && !nlohmann::json::accept(body)) {
        __builtin_trap();
      }
      // And JSON is accepted: an object or an array of anything, not nested
      // past the parser's depth limit, is never called malformed. (nlohmann
      // takes a NUL byte for the end of its input, so those bodies are out.)
      DepthSax sax;
      size_t first = body.find_first_not_of(" \t\r\n");
      if (parsed.document_error && first != std::string::npos &&
          body.find('\0') == std::string::npos &&
          (body[first] == '{' || body[first] == '[') &&
          nlohmann::json::sax_parse(body, &sax) && sax.max_depth <= 60) {
        __builtin_trap();
      }
      continue;
    }
    // NDJSON: every line not rejected as malformed (or as invalid UTF-8,
    // which wins when the line is both) must be JSON.
    std::set<size_t> malformed;
    for (const auto& e : parsed.errors) {
      if (e.reason == mm::RejectReason::kInvalidJson ||
          e.reason == mm::RejectReason::kInvalidUtf8) {
        malformed.insert(e.index);
      }
    }
    std::string_view text(body);
    size_t index = 0;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      start = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      if (!malformed.count(index) && !nlohmann::json::accept(line)) {
        __builtin_trap();
      }
      ++index;
    }
  }
  return 0;
}
