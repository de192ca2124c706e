#pragma once

#include <memory>
#include <string_view>

#include "metrics/event.h"
#include "metrics/params.h"
#include "metrics/verdict.h"

namespace micrometrics::metrics {

/// Lifecycle stage of a micro metric. Shadow metrics are evaluated and
/// exported but never notify; deprecated ones are still evaluated.
enum class Stage { kShadow, kActive, kDeprecated };
std::string_view StageName(Stage stage);

/// A micro metric's check: looks at one event and returns a verdict.
/// Implementations are immutable after construction and must be safe to call
/// from many worker threads at once. Evaluate never throws on bad events; it
/// answers skipped or error instead.
class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual Verdict Evaluate(const Event& event) const = 0;
  /// True when the verdict comes later from outside the process (an LLM
  /// judge): the pipeline then hands the event to its parts' Defer instead
  /// of calling Evaluate, and a part records the verdict when it arrives.
  virtual bool deferred() const { return false; }
};

/// Creates evaluators of one `type:` from their params. Create throws
/// ParamError for bad params (start-up and reload only).
class EvaluatorFactory {
 public:
  virtual ~EvaluatorFactory() = default;
  /// The `type:` name used in config, e.g. "regex".
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<Evaluator> Create(const Params& params) const = 0;
  /// The stage a metric of this type gets when its config names none.
  /// Types whose verdicts are still noisy start in shadow.
  virtual Stage default_stage() const { return Stage::kActive; }
  /// A Prometheus counter (name and help) that sums this type's verdict
  /// values per label set, e.g. micrometrics_cost_usd_total; empty for none.
  struct ValueCounter {
    std::string_view name;
    std::string_view help;
  };
  virtual ValueCounter value_counter() const { return {}; }
};

}  // namespace micrometrics::metrics
