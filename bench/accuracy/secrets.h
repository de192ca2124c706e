#pragma once

// Secrets made from the vendors' published formats, and look-alikes that are
// not secrets, seeded: the accuracy harness measures the pii metric's
// `secret` category on them.

#include <cstdint>
#include <string>
#include <vector>

namespace micrometrics::accuracy {

struct SecretSample {
  std::string kind;  // "aws-access-key", ..., or "look-alike: git sha", ...
  bool secret = false;
  std::string text;  // the value inside a sentence
};

/// `per_kind` samples of each secret kind and each look-alike kind.
std::vector<SecretSample> MakeSecretSamples(int per_kind, uint32_t seed);

}  // namespace micrometrics::accuracy
