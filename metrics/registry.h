#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// Evaluator factories keyed by their `type:` name. Filled once at start-up,
/// read-only afterwards (then safe to share between threads).
class EvaluatorRegistry {
 public:
  /// Adds a factory; throws std::logic_error if the name is taken.
  void Register(std::unique_ptr<EvaluatorFactory> factory);
  /// nullptr when no factory has that name.
  const EvaluatorFactory* Find(std::string_view type) const;
  std::vector<std::string> TypeNames() const;

 private:
  std::map<std::string, std::unique_ptr<EvaluatorFactory>, std::less<>>
      factories_;
};

/// Registers every built-in micro metric type. Adding a type is one evaluator
/// file pair under metrics/evaluators/ plus one line in this function.
void RegisterBuiltinEvaluators(EvaluatorRegistry& registry);

}  // namespace micrometrics::metrics
