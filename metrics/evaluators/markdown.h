#pragma once

#include <memory>
#include <string_view>

#include "metrics/evaluator.h"

namespace micrometrics::metrics {

/// `type: markdown`: markdown in a channel that cannot render it (voice,
/// SMS): headings, lists, emphasis, links, tables, code fences, HTML tags.
/// `allow` lists the tolerated kinds.
class MarkdownEvaluatorFactory final : public EvaluatorFactory {
 public:
  std::string_view name() const override { return "markdown"; }
  std::unique_ptr<Evaluator> Create(const Params& params) const override;
};

}  // namespace micrometrics::metrics
