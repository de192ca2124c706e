#include "metrics/registry.h"

#include <stdexcept>

#include "metrics/evaluators/cost.h"
#include "metrics/evaluators/empty_output.h"
#include "metrics/evaluators/error_status.h"
#include "metrics/evaluators/json_valid.h"
#include "metrics/evaluators/judge.h"
#include "metrics/evaluators/keywords.h"
#include "metrics/evaluators/language_match.h"
#include "metrics/evaluators/latency.h"
#include "metrics/evaluators/length.h"
#include "metrics/evaluators/markdown.h"
#include "metrics/evaluators/pii.h"
#include "metrics/evaluators/prompt_injection.h"
#include "metrics/evaluators/refusal.h"
#include "metrics/evaluators/regex.h"
#include "metrics/evaluators/repetition.h"
#include "metrics/evaluators/truncation.h"

namespace micrometrics::metrics {

void EvaluatorRegistry::Register(std::unique_ptr<EvaluatorFactory> factory) {
  std::string name(factory->name());
  auto [it, inserted] = factories_.emplace(name, std::move(factory));
  if (!inserted) {
    throw std::logic_error("evaluator type registered twice: " + name);
  }
}

const EvaluatorFactory* EvaluatorRegistry::Find(std::string_view type) const {
  auto it = factories_.find(type);
  return it == factories_.end() ? nullptr : it->second.get();
}

std::vector<std::string> EvaluatorRegistry::TypeNames() const {
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

void RegisterBuiltinEvaluators(EvaluatorRegistry& registry) {
  registry.Register(std::make_unique<RegexEvaluatorFactory>());
  registry.Register(std::make_unique<LengthEvaluatorFactory>());
  registry.Register(std::make_unique<EmptyOutputEvaluatorFactory>());
  registry.Register(std::make_unique<TruncationEvaluatorFactory>());
  registry.Register(std::make_unique<ErrorStatusEvaluatorFactory>());
  registry.Register(std::make_unique<LatencyEvaluatorFactory>());
  registry.Register(std::make_unique<LanguageMatchEvaluatorFactory>());
  registry.Register(std::make_unique<PiiEvaluatorFactory>());
  registry.Register(std::make_unique<RefusalEvaluatorFactory>());
  registry.Register(std::make_unique<PromptInjectionEvaluatorFactory>());
  registry.Register(std::make_unique<JsonValidEvaluatorFactory>());
  registry.Register(std::make_unique<MarkdownEvaluatorFactory>());
  registry.Register(std::make_unique<RepetitionEvaluatorFactory>());
  registry.Register(std::make_unique<KeywordsEvaluatorFactory>());
  registry.Register(std::make_unique<CostEvaluatorFactory>());
  registry.Register(std::make_unique<ThroughputEvaluatorFactory>());
  registry.Register(std::make_unique<JudgeEvaluatorFactory>());
}

}  // namespace micrometrics::metrics
