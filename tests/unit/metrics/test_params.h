#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "metrics/params.h"
#include "metrics/registry.h"

namespace micrometrics::metrics {

/// A params map of scalars, as config would build it from YAML.
inline ParamValue ScalarParams(
    std::initializer_list<std::pair<std::string, std::string>> entries) {
  ParamValue root;
  root.kind = ParamValue::Kind::kMap;
  root.mark = {1, 1};
  int line = 2;
  for (const auto& [k, v] : entries) {
    ParamValue value;
    value.kind = ParamValue::Kind::kScalar;
    value.scalar = v;
    value.mark = {line, 10};
    root.map.emplace_back(k, value);
    root.key_marks.push_back({line, 3});
    ++line;
  }
  return root;
}

/// An evaluator of a built-in type, made the way config makes it.
inline std::unique_ptr<Evaluator> MakeEvaluator(
    const std::string& type,
    std::initializer_list<std::pair<std::string, std::string>> params = {}) {
  static const EvaluatorRegistry* registry = [] {
    auto* r = new EvaluatorRegistry;
    RegisterBuiltinEvaluators(*r);
    return r;
  }();
  ParamValue root = ScalarParams(params);
  return registry->Find(type)->Create(Params(root));
}

}  // namespace micrometrics::metrics
