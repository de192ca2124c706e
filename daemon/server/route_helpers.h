#pragma once

// What the route files of the API share (server/*_routes.cc): the JSON
// type of the answers and the small request helpers.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace micrometrics::daemon {

using json = nlohmann::ordered_json;

/// JSON text of `j`, invalid UTF-8 replaced (never throws).
std::string Dump(const json& j);

/// `s` without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view s);
std::string Lower(std::string_view s);
/// The media type of a Content-Type header, lower case, without parameters.
std::string MediaType(std::string_view content_type);

/// The value of `name` in the query string of `target` ("/x?a=1&b=2");
/// nullopt when absent. Values here are metric names and booleans: no
/// percent-decoding needed beyond the comma, which clients may send as %2C.
std::optional<std::string> QueryParam(std::string_view target,
                                      std::string_view name);

}  // namespace micrometrics::daemon
