#pragma once

#include <string>

#include "metrics/expiring_map.h"

namespace micrometrics::metrics {

/// The user's language per conversation, remembered for a while (bounded,
/// expiring; see ExpiringMap).
using ConversationMemory = ExpiringMap<std::string>;

}  // namespace micrometrics::metrics
