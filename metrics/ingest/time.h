#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace micrometrics::metrics {

/// Parses an RFC 3339 date-time ("2026-11-27T10:00:00.5+01:00"): the
/// event's `timestamp`, replay's --from and --to.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(
    std::string_view text);

/// "2026-11-27T10:00:00.500Z": UTC with milliseconds. Its first 10
/// characters are today's date, as review_by dates are written.
std::string FormatRfc3339(std::chrono::system_clock::time_point t);

/// "10s", "500ms", "1m30s", "2h", "1d" -> milliseconds. nullopt when
/// malformed. Config durations and metric params share it.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace micrometrics::metrics
