#pragma once

// What a team would write in ten lines instead of using the refusal metric;
// the metric has to beat both on the same rows.

#include <string_view>

namespace micrometrics::accuracy {

/// A refusal phrase among the reply's first 60 characters, lower-cased.
bool FirstWordsRefusal(std::string_view reply);

/// Any of the GCG paper's refusal "test prefixes" anywhere in the reply
/// (case-sensitive, as published and as widely copied).
bool KeywordListRefusal(std::string_view reply);

}  // namespace micrometrics::accuracy
