#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: pii`: personal data in the reply (or the input): e-mail, phone,
/// payment card, IBAN, US SSN, IP address, secrets. The reason lists the
/// categories found, never the values.
class PiiEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "pii"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
