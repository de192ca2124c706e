#pragma once

#include <string>
#include <string_view>

namespace micrometrics::daemon {

/// Writes `data` to PATH.tmp, fsyncs it and renames it over PATH (then
/// fsyncs the directory): a reader sees the old file or the new one, never
/// a torn one, whatever kills the process. Returns "" or the error, such as
/// "cannot create /x/state.tmp: No such file or directory".
std::string WriteFileAtomically(const std::string& path, std::string_view data);

}  // namespace micrometrics::daemon
