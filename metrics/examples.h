#pragma once

#include <cstddef>
#include <string>

#include "metrics/event.h"

namespace micrometrics::metrics {

/// The text of a failing event as shown to people (replay --examples,
/// /api/v1/examples): the reply, or the input when there is no reply, with
/// personal data replaced by its category ("[EMAIL]", "[CARD]", ...) by the
/// same detectors as the `pii` metric, then cut to `max_chars` code points
/// ("..." marks a cut).
std::string ExampleText(const Event& event, size_t max_chars);

}  // namespace micrometrics::metrics
